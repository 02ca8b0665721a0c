// SharedAdmission: its own lines of /metrics, in the Prometheus text format.

#include "engine/Engine.h"
#include "shared/SharedAdmission.h"
#include "shared/SharedConfig.h"
#include "shared/SharedLink.h"
#include "util/PrometheusText.h"

#include <QJsonArray>

namespace sluice {

using namespace Qt::StringLiterals;

QByteArray SharedAdmission::metrics() const
{
    const SharedOptions &options = m_link.options();
    PrometheusText out;
    const auto line = [&](const char *name, const char *type, const char *help,
                          const QByteArray &value) {
        out.family(name, type, help);
        out.sample(name, {{"replica", options.replica}}, value);
    };
    out.family("replica_info", "gauge",
               "This replica of a deployment sharing its limits through Redis (sluiced --redis).");
    out.sample("replica_info",
               {{"replica", options.replica},
                {"deployment", options.deployment},
                {"redis", options.url.toString()}},
               "1");
    line("shared_ready", "gauge",
         "1 while Redis answers and every pool is configured there; 0: acquires are refused "
         "(fail_closed).",
         m_link.isReady() ? "1" : "0");
    line("shared_unavailable_total", "counter",
         "Acquires refused with REDIS_UNAVAILABLE since start.", QByteArray::number(m_unavailable));
    line("shared_unsent_ends", "gauge",
         "Releases and cancels Redis has not heard yet; sent again once it answers.",
         QByteArray::number(m_unsent.size()));
    line("shared_held", "gauge",
         "Tickets waiting on this replica for Redis to answer again (fail_closed pools); "
         "admitted there, in the order they came, once it does.",
         QByteArray::number(m_held.size()));
    line("shared_alone", "gauge",
         "1 while pools with redis_down = local_share are decided by this replica alone "
         "(Redis could not be reached); 0: decided in Redis.",
         m_fallback.active() ? "1" : "0");
    line("shared_alone_entered_total", "counter",
         "How often this replica began deciding local_share pools alone since start.",
         QByteArray::number(m_fallback.entered()));
    line("shared_alone_admissions_total", "counter",
         "Leases this replica granted alone (local_share) since start.",
         QByteArray::number(m_aloneAdmissions));
    line("shared_live_replicas", "gauge",
         "Replicas heartbeating in Redis lately: local_share divides each limit by this.",
         QByteArray::number(m_liveReplicas));
    line("shared_reasserted_total", "counter",
         "Leases registered again in Redis after it lost them (sl_reassert).",
         QByteArray::number(m_reasserted));
    line("shared_usage_replayed_total", "counter",
         "Users whose usage of the day this replica counted again in Redis after Redis lost "
         "it (sl_replay).",
         QByteArray::number(m_replayedUsers));
    line("shared_resumed_total", "counter",
         "Tickets and leases another replica admitted, resumed here by their clients.",
         QByteArray::number(m_resumedHere));
    line("shared_reattached_total", "counter",
         "Tickets and leases restored from the store at start and found again in Redis.",
         QByteArray::number(m_reattached));
    line("shared_requests", "gauge", "Leases and tickets of this replica decided in Redis.",
         QByteArray::number(m_requests.size()));
    if (m_config) {
        line("shared_config_version", "gauge",
             "The deployment's configuration version in force on this replica (0: none yet).",
             QByteArray::number(m_config->sharedVersion()));
        line("shared_config_problem", "gauge",
             "1 while the deployment's configuration is not the one in force here (see "
             "config_problem in GET /v1/replicas).",
             m_config->problem().isEmpty() && !m_config->pending() ? "0" : "1");
    }
    if (m_roundTripMs >= 0)
        line("shared_round_trip_seconds", "gauge", "The last sl_tick call's round trip to Redis.",
             PrometheusText::number(m_roundTripMs / 1000.0));
    return out.take();
}

void SharedAdmission::replicas(std::function<void(const QJsonObject &answer)> done) const
{
    const SharedOptions &options = m_link.options();
    QJsonObject answer{
        {u"mode"_s, u"shared"_s},
        {u"deployment"_s, options.deployment},
        {u"replica"_s, options.replica},
        {u"redis"_s, options.url.toString()},
        {u"ready"_s, m_link.isReady()},
        {u"problem"_s, m_link.problem()},
        {u"requests"_s, m_requests.size()},
        {u"unsent_ends"_s, qint64(m_unsent.size())},
        {u"held"_s, qint64(m_held.size())},
        {u"held_waits_for"_s, m_held.isEmpty() ? QString() : heldWaitsFor()},
        {u"unavailable_total"_s, qint64(m_unavailable)},
        {u"reasserted_total"_s, m_reasserted},
        {u"usage_replayed_total"_s, m_replayedUsers},
        {u"resumed_total"_s, qint64(m_resumedHere)},
        {u"reattached_total"_s, m_reattached},
        {u"alone"_s, m_fallback.active()},
        {u"alone_admissions_total"_s, qint64(m_aloneAdmissions)},
        {u"live_replicas"_s, m_liveReplicas},
    };
    if (m_fallback.active()) {
        answer.insert(u"alone_reason"_s, m_fallback.reason());
        answer.insert(u"alone_for_ms"_s, m_engine.now() - m_fallback.since());
    }
    if (m_roundTripMs >= 0)
        answer.insert(u"round_trip_ms"_s, m_roundTripMs);
    if (m_config) {
        answer.insert(u"config_version"_s, m_config->sharedVersion());
        answer.insert(u"config_pending"_s, m_config->pending());
        answer.insert(u"config_problem"_s, m_config->problem());
    }
    if (!m_link.isReady())
        return done(answer);
    const qint64 now = m_redisNow;
    m_link.connection().command(
        {"ZRANGE", m_link.keys().prefix() + ":replicas", "0", "-1", "WITHSCORES"},
        [answer, now, done = std::move(done)](const RedisReply &reply) mutable {
            QJsonArray replicas;
            for (qsizetype i = 0; i + 1 < reply.elements.size(); i += 2) {
                const qint64 seen = reply.elements.at(i + 1).text.toLongLong();
                replicas.append(QJsonObject{
                    {u"name"_s, QString::fromUtf8(reply.elements.at(i).text)},
                    {u"last_heartbeat"_s, seen},
                    {u"age_ms"_s, now > 0 ? std::max<qint64>(0, now - seen) : 0},
                });
            }
            answer.insert(u"replicas"_s, replicas);
            if (reply.failed())
                answer.insert(u"problem"_s, QString::fromUtf8(reply.text));
            done(answer);
        });
}

} // namespace sluice
