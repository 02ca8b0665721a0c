#include "util/Logging.h"

Q_LOGGING_CATEGORY(lcEngine, "sluice.engine")
Q_LOGGING_CATEGORY(lcConfig, "sluice.config")
Q_LOGGING_CATEGORY(lcStore, "sluice.store")
Q_LOGGING_CATEGORY(lcAlerts, "sluice.alerts")
