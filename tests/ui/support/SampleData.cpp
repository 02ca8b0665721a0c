#include "SampleData.h"

#include "FakeBackend.h"

#include "config/ConfigJson.h"
#include "config/DefaultConfig.h"

#include <QJsonDocument>

namespace sluice::test {

using namespace Qt::StringLiterals;

EngineConfig SampleData::config()
{
    return defaultConfig();
}

DashboardSnapshot SampleData::snapshot(TimeMs at)
{
    DashboardSnapshot snapshot;
    snapshot.seq = 42;
    snapshot.at = at;
    snapshot.configVersion = 3;
    PoolStatus anthropic{u"anthropic"_s, PoolMode::Running, 5, 5, 5, 23,  1000, 44, 50,
                         151'000,        200'000,           0, 0, 0, 8200};
    PoolStatus elevenlabs{
        u"elevenlabs"_s, PoolMode::Paused, 1, 3, 1, 4, 1000, 7, -1, 0, -1, 0, 0, 0, 3100};
    PoolStatus anam{u"anam"_s, PoolMode::Running, 0, 1, 0, 0, 1000, 1, -1, 0, -1, 0, 0, 0, 0};
    snapshot.pools = {anthropic, elevenlabs, anam};
    snapshot.tiers = {
        {u"free"_s, 412, 1'240'000'000, 61, 10},
        {u"basic"_s, 1530, 6'810'000'000, 24, 100},
        {u"pro"_s, 2904, 18'450'000'000, 9, 500},
        {u"enterprise"_s, 5120, 41'200'000'000, 2, 5000},
    };
    snapshot.activeAlerts = {firingAlert()};
    return snapshot;
}

AlertRecord SampleData::firingAlert()
{
    AlertRecord alert;
    alert.id = 7;
    alert.ruleId = u"pool-concurrency"_s;
    alert.metric = u"pool_concurrency"_s;
    alert.target = u"anthropic"_s;
    alert.threshold = 0.8;
    alert.peak = 1.0;
    alert.firedAt = kNow - 95'000;
    alert.message = u"anthropic concurrency at 100% (5 of 5)"_s;
    return alert;
}

QList<RequestInfo> SampleData::tickets(const QString &pool, int count, TimeMs at)
{
    static const QStringList tiers{u"enterprise"_s, u"pro"_s, u"basic"_s, u"free"_s};
    QList<RequestInfo> result;
    for (int i = 0; i < count; ++i) {
        RequestInfo ticket;
        ticket.id = RequestId(0x1000 + i);
        ticket.pool = pool;
        ticket.user = u"user-"_s % QString::number(100 + (i * 37) % 900);
        ticket.tier =
            tiers.at(std::min<qsizetype>(i * tiers.size() / std::max(count, 1), tiers.size() - 1));
        ticket.enqueuedAt = at - 4000 - (count - i) * 1500;
        ticket.position = i + 1;
        ticket.estimatedWaitMs = (i + 1) * 1200;
        result << ticket;
    }
    return result;
}

UserDetails SampleData::user(const QString &id)
{
    UserDetails details;
    details.quota = {
        id, u"pro"_s, true, false, 312, 500, 84'000, -1, 1'950'000'000, -1, kNow + 14 * 3'600'000,
        1,  2};
    for (int d = 0; d < 7; ++d)
        details.history << UserDetails::Day{20'447 + d, 280 + d * 11, 70'000 + d * 900,
                                            1'600'000'000 + d * 40'000'000};
    details.recentRejections = {
        {kNow - 600'000, u"anthropic"_s, u"QUEUE_FULL"_s, u"anthropic queue is full"_s},
        {kNow - 3'600'000, u"anthropic"_s, u"RATE_LIMITED"_s, u"anthropic is at 50 requests/min"_s},
    };
    return details;
}

QList<AuditEntry> SampleData::auditEntries()
{
    return {
        {5, kNow - 60'000, u"local"_s, u"pool.pause"_s, u"elevenlabs"_s, u"paused"_s},
        {4, kNow - 1'800'000, u"alice"_s, u"config.update"_s, u"anthropic"_s,
         u"pools.anthropic.requests_per_minute: 40 -> 50"_s},
        {3, kNow - 7'200'000, u"bob"_s, u"user.tier"_s, u"user-314"_s, u"free -> pro"_s},
        {2, kNow - 9'000'000, u"alice"_s, u"alert.ack"_s, u"pool-queue"_s, u"acknowledged"_s},
        {1, kNow - 86'400'000, u"environment"_s, u"config.update"_s, u"anthropic"_s,
         u"pools.anthropic.max_concurrent: 3 -> 5"_s},
    };
}

void SampleData::seed(FakeBackend &backend)
{
    backend.current = snapshot();
    backend.queues.insert(u"anthropic"_s, tickets(u"anthropic"_s, 23));
    backend.queues.insert(u"elevenlabs"_s, tickets(u"elevenlabs"_s, 4));
    backend.users.insert(u"user-314"_s, user(u"user-314"_s));
    backend.versioned = {3, config()};
    const QByteArray json = QJsonDocument(configToJson(config())).toJson(QJsonDocument::Compact);
    backend.history = {
        {3, kNow - 1'800'000, u"alice"_s, u"anthropic to 50 rpm"_s, json},
        {2, kNow - 86'400'000, u"environment"_s, u"environment overrides"_s, json},
        {1, kNow - 90'000'000, u"local"_s, u"first start"_s, json},
    };
    AlertRecord cleared = firingAlert();
    cleared.id = 6;
    cleared.ruleId = u"pool-queue"_s;
    cleared.metric = u"pool_queue"_s;
    cleared.peak = 0.86;
    cleared.firedAt = kNow - 9'500'000;
    cleared.clearedAt = kNow - 9'000'000;
    cleared.ackedAt = kNow - 9'100'000;
    cleared.ackedBy = u"alice"_s;
    cleared.message = u"anthropic queue at 86% (860 of 1000)"_s;
    backend.alertLists = {{firingAlert()}, {cleared}};
    backend.auditEntries = auditEntries();
}

} // namespace sluice::test
