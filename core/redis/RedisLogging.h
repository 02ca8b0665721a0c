#pragma once

#include <QLoggingCategory>

// The Redis client's logging category ("sluice.redis").
Q_DECLARE_LOGGING_CATEGORY(lcRedis)
