#include "redis/RedisLogging.h"

Q_LOGGING_CATEGORY(lcRedis, "sluice.redis")
