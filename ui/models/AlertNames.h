#pragma once

#include "config/AlertRule.h"

#include <QString>

namespace sluice {

/// Alert rules and alerts as people name them: "Concurrency of pool anthropic at 80%"
/// rather than the rule id and the metric's wire name. Pure functions.
class AlertNames
{
public:
    /// "Concurrency", "Requests per minute", ... "User daily quota".
    static QString metric(AlertMetric metric);
    /// The same for a wire name ("pool_rpm"); "Test alert" for "test"; else the name.
    static QString metric(const QString &wireName);
    /// What a rule or alert watches: "pool anthropic", "every pool", "tier free", "user bob".
    /// For a user metric an alert's target is a user; a rule's is a tier.
    static QString target(AlertMetric metric, const QString &target, bool ofAlert = false);
    static QString target(const QString &wireName, const QString &target);
    /// A rule in a list: "Concurrency of pool anthropic at 80%", with " (off)" when disabled.
    static QString rule(const AlertRule &rule);
};

} // namespace sluice
