#pragma once

// Sample values and helpers for the wire codec tests.

#include "protocol/WireDashboard.h"
#include "util/Error.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace sluice::test {

using namespace Qt::StringLiterals;

inline QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

inline QStringList fieldsOf(const QList<FieldError> &errors)
{
    QStringList fields;
    for (const FieldError &error : errors)
        fields.append(error.field);
    return fields;
}

inline PoolStatus samplePool(const QString &name, int inUse)
{
    PoolStatus p;
    p.name = name;
    p.mode = PoolMode::Draining;
    p.inUse = inUse;
    p.maxConcurrent = 5;
    p.activeLeases = inUse;
    p.waiting = 7;
    p.maxQueueLength = 1000;
    p.windowRequests = 12;
    p.requestsPerMinute = 50;
    p.windowTokens = 3400;
    p.tokensPerMinute = -1;
    p.drainTotal = 9;
    p.drainRemaining = 4;
    p.meanLeaseMs = 1250.5;
    return p;
}

inline AlertRecord sampleAlert(qint64 id)
{
    AlertRecord a;
    a.id = id;
    a.ruleId = u"pool-concurrency"_s;
    a.metric = u"pool_concurrency"_s;
    a.target = u"anthropic"_s;
    a.threshold = 0.8;
    a.peak = 1.0;
    a.firedAt = 1'767'261'600'000;
    a.message = u"anthropic concurrency at 100% (5 of 5)"_s;
    return a;
}

inline DashboardSnapshot sampleSnapshot()
{
    DashboardSnapshot s;
    s.seq = 41;
    s.at = 1'767'261'600'000;
    s.configVersion = 3;
    s.pools = {samplePool(u"anthropic"_s, 2), samplePool(u"anam"_s, 1)};
    s.tiers = {{u"free"_s, 12, 3'000'000, 4, 10}, {u"pro"_s, 70, 9'000'000, 2, 500}};
    s.activeAlerts = {sampleAlert(7)};
    return s;
}

} // namespace sluice::test
