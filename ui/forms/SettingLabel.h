#pragma once

#include <QString>

namespace sluice {

/// A configuration path as the forms label it: "pools.anthropic.max_concurrent" reads
/// "anthropic · Concurrent requests", "tiers.free.daily_requests" "free · Requests per day"
/// (the labels of ConfigLimits.h). A path with no labelled setting (a whole entry, the webhook URL)
/// comes back as it is, with its list's name spelled out ("pools.openai" reads "pool openai").
QString settingLabel(const QString &path);
/// A value of that setting as the forms show it: durations in ms read "5 min", "1.5 s"
/// (DurationText); other values come back as they are.
QString settingValue(const QString &path, const QString &value);

} // namespace sluice
