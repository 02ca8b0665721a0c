#pragma once

#include <QByteArray>

namespace sluice {

class Engine;

/// The engine's state in the Prometheus text format (version 0.0.4), every name prefixed
/// "sluice_", labels `pool` and `tier`:
///  - counters sluice_decisions_total{pool,tier,result,reason} (result granted, queued or
///    rejected; reason the wire code: NONE for a direct grant, QUEUED_BEHIND for a grant from
///    the queue, the first check that held a ticket back for queued) and
///    sluice_requests_ended_total{pool,tier,reason}, since the start of the process;
///  - gauges of each pool: in use, limit, leases, queue length and its limit, the 60 s window
///    (requests, tokens) and its limits (absent when unlimited), mode;
///  - gauges of each tier today: requests, tokens, cost (USD), credits, users, the per-user
///    quota; of each pool and tier today: sluice_pool_tier_cost_usd_today and
///    sluice_pool_tier_credits_today;
///  - counters of each pool and tier since start: sluice_cost_usd_total,
///    sluice_credits_total and sluice_unpriced_releases_total (releases no price matched);
///  - the histogram sluice_queue_wait_seconds{pool} of how long granted tickets waited;
///  - sluice_alerts_active and sluice_config_version.
/// Reentrant; call on the engine's thread.
/// `activeAlerts` and `configVersion` come from AlertDesk and ConfigVersions.
QByteArray prometheusMetrics(const Engine &engine, qsizetype activeAlerts, qint32 configVersion);

/// The Content-Type of that text.
inline constexpr char kPrometheusContentType[] = "text/plain; version=0.0.4; charset=utf-8";

} // namespace sluice
