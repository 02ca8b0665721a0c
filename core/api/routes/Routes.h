#pragma once

// Internal to core/api: the route handlers, grouped by area (one file each). The route table
// with each route's method, path and least role is ApiRoutes.cpp.

#include "api/ApiContext.h"
#include "api/ApiReply.h"
#include "protocol/ApiRequest.h"

namespace sluice::routes {

using Handler = void (*)(ApiContext &context, ApiRequest &request, ApiReply &reply);

// ClientRoutes.cpp: the seeds' client flow.
void acquire(ApiContext &, ApiRequest &, ApiReply &);
void requestStatus(ApiContext &, ApiRequest &, ApiReply &);
void endRequest(ApiContext &, ApiRequest &, ApiReply &);
void releaseRequest(ApiContext &, ApiRequest &, ApiReply &);
void heartbeat(ApiContext &, ApiRequest &, ApiReply &);
void whoami(ApiContext &, ApiRequest &, ApiReply &);

// OperationsRoutes.cpp: health, metrics, status, queues and pool actions.
void health(ApiContext &, ApiRequest &, ApiReply &);
void ready(ApiContext &, ApiRequest &, ApiReply &);
void metrics(ApiContext &, ApiRequest &, ApiReply &);
void status(ApiContext &, ApiRequest &, ApiReply &);
void replicas(ApiContext &, ApiRequest &, ApiReply &);
void listPools(ApiContext &, ApiRequest &, ApiReply &);
void poolStatus(ApiContext &, ApiRequest &, ApiReply &);
void poolQueue(ApiContext &, ApiRequest &, ApiReply &);
void pausePool(ApiContext &, ApiRequest &, ApiReply &);
void resumePool(ApiContext &, ApiRequest &, ApiReply &);
void drainPool(ApiContext &, ApiRequest &, ApiReply &);
void purgePool(ApiContext &, ApiRequest &, ApiReply &);

// SampleRoutes.cpp: the pools' last hour, for the dashboard's charts.
void samples(ApiContext &, ApiRequest &, ApiReply &);

// UserRoutes.cpp
void listUsers(ApiContext &, ApiRequest &, ApiReply &);
void userDetails(ApiContext &, ApiRequest &, ApiReply &);
void setUserTier(ApiContext &, ApiRequest &, ApiReply &);
void usageHistory(ApiContext &, ApiRequest &, ApiReply &);

// AlertRoutes.cpp
void listAlerts(ApiContext &, ApiRequest &, ApiReply &);
void acknowledgeAlert(ApiContext &, ApiRequest &, ApiReply &);
void testAlert(ApiContext &, ApiRequest &, ApiReply &);

// AuditRoutes.cpp
void auditLog(ApiContext &, ApiRequest &, ApiReply &);

// ConfigRoutes.cpp: limits, tiers, pricing, alert rules; versions and rollback.
void getConfig(ApiContext &, ApiRequest &, ApiReply &);
void putConfig(ApiContext &, ApiRequest &, ApiReply &);
void patchConfig(ApiContext &, ApiRequest &, ApiReply &);
void putPoolConfig(ApiContext &, ApiRequest &, ApiReply &);
void putTierConfig(ApiContext &, ApiRequest &, ApiReply &);
void configHistory(ApiContext &, ApiRequest &, ApiReply &);
void configVersion(ApiContext &, ApiRequest &, ApiReply &);
void rollbackConfig(ApiContext &, ApiRequest &, ApiReply &);
void configPresets(ApiContext &, ApiRequest &, ApiReply &);
void applyPoolPreset(ApiContext &, ApiRequest &, ApiReply &);

// KeyRoutes.cpp
void listKeys(ApiContext &, ApiRequest &, ApiReply &);
void createKey(ApiContext &, ApiRequest &, ApiReply &);
void revokeKey(ApiContext &, ApiRequest &, ApiReply &);

// CompatRoutes.cpp: the seed's admin API.
void rateLimitStatus(ApiContext &, ApiRequest &, ApiReply &);
void updateRateLimits(ApiContext &, ApiRequest &, ApiReply &);

} // namespace sluice::routes
