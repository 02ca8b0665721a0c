#pragma once

#include "config/EngineConfig.h"

#include <QList>
#include <QString>

namespace sluice {

/// One difference between two configurations, e.g. path "pools.anthropic.requests_per_minute",
/// before "50", after "100". An added or removed pool, tier, price or alert rule is one change
/// whose other side is "(none)"; an absent optional limit reads "unlimited", another absent
/// or empty value "(none)".
struct ConfigChange
{
    QString path;
    QString before;
    QString after;

    friend bool operator==(const ConfigChange &, const ConfigChange &) = default;
};

/// Secrets (the alert webhook URL, whose path or query holds a token) are described without
/// them (util/Redact.h), so that a change can be logged and audited.
/// Every difference, found by walking the JSON forms (configToJson) of both; entries of the
/// named lists are matched by name, so reordering alone is no change. Reentrant.
QList<ConfigChange> diffConfigs(const EngineConfig &before, const EngineConfig &after);

/// One line per change: "path: before -> after".
QString describeChanges(const QList<ConfigChange> &changes);

/// The answer to a change of configuration (apply or rollback).
struct ConfigApplied
{
    qint32 version = 0;
    QList<ConfigChange> changes;
};

} // namespace sluice
