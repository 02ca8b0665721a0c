#include "api/ApiRoutes.h"

#include "api/routes/Routes.h"

#include <array>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
using M = HttpMethod;
using R = Role;
namespace r = routes;

void upgradeRequired(ApiContext &, ApiRequest &request, ApiReply &reply)
{
    reply.respond(
        ApiResponse::error(
            426, u"UPGRADE_REQUIRED"_s,
            u"%1 is a WebSocket endpoint: connect with a WebSocket client"_s.arg(request.path))
            .withHeader("upgrade", "websocket"));
}

// clang-format off
constexpr std::array kRoutes{
    // Health: public, for load balancers and orchestrators.
    ApiRouteSpec{M::Get,    "/healthz"_L1,                       R::None,     r::health,           "Liveness"_L1},
    ApiRouteSpec{M::Get,    "/readyz"_L1,                        R::None,     r::ready,            "Readiness"_L1},
    // The client flow (seeds 000, 003, 004).
    ApiRouteSpec{M::Get,    "/v1/whoami"_L1,                     R::Client,   r::whoami,           "The presented key's role"_L1},
    ApiRouteSpec{M::Post,   "/v1/acquire"_L1,                    R::Client,   r::acquire,          "Ask for a slot"_L1},
    ApiRouteSpec{M::Get,    "/v1/requests/{id}"_L1,              R::Client,   r::requestStatus,    "Ticket or lease status"_L1},
    ApiRouteSpec{M::Delete, "/v1/requests/{id}"_L1,              R::Client,   r::endRequest,       "Cancel a ticket or end a lease"_L1},
    ApiRouteSpec{M::Post,   "/v1/requests/{id}/release"_L1,      R::Client,   r::releaseRequest,   "Release a lease with usage"_L1},
    ApiRouteSpec{M::Post,   "/v1/requests/{id}/heartbeat"_L1,    R::Client,   r::heartbeat,        "Keep a lease alive"_L1},
    // End users' status over a WebSocket: the ticket id is the capability (browsers cannot
    // send headers on a WebSocket), and it tells nothing but that ticket's progress.
    ApiRouteSpec{M::Get,    "/v1/ws"_L1,                         R::None,     upgradeRequired,     "Ticket status WebSocket"_L1},
    // Reading the state: support.
    ApiRouteSpec{M::Get,    "/metrics"_L1,                       R::Support,  r::metrics,          "Prometheus metrics"_L1},
    ApiRouteSpec{M::Get,    "/v1/status"_L1,                     R::Support,  r::status,           "Dashboard snapshot"_L1},
    ApiRouteSpec{M::Get,    "/v1/replicas"_L1,                   R::Support,  r::replicas,         "Replicas sharing the limits"_L1},
    ApiRouteSpec{M::Get,    "/v1/samples"_L1,                    R::Support,  r::samples,          "The pools' last hour, 1 s samples"_L1},
    ApiRouteSpec{M::Get,    "/v1/dashboard/stream"_L1,           R::Support,  upgradeRequired,     "Dashboard stream WebSocket"_L1},
    ApiRouteSpec{M::Get,    "/v1/pools"_L1,                      R::Support,  r::listPools,        "Every pool's status"_L1},
    ApiRouteSpec{M::Get,    "/v1/pools/{pool}"_L1,               R::Support,  r::poolStatus,       "One pool's status"_L1},
    ApiRouteSpec{M::Get,    "/v1/pools/{pool}/queue"_L1,         R::Support,  r::poolQueue,        "A pool's queue, paged"_L1},
    ApiRouteSpec{M::Get,    "/v1/users"_L1,                      R::Support,  r::listUsers,        "Known users: prefix search, recent or top by usage today"_L1},
    ApiRouteSpec{M::Get,    "/v1/users/{user}"_L1,               R::Support,  r::userDetails,      "A user's quota"_L1},
    ApiRouteSpec{M::Get,    "/v1/usage/history"_L1,              R::Support,  r::usageHistory,     "Spend per day, pool and tier"_L1},
    ApiRouteSpec{M::Get,    "/v1/alerts"_L1,                     R::Support,  r::listAlerts,       "Active alerts and history"_L1},
    // Operating pools and alerts: operator.
    ApiRouteSpec{M::Post,   "/v1/pools/{pool}/pause"_L1,         R::Operator, r::pausePool,        "Stop granting"_L1},
    ApiRouteSpec{M::Post,   "/v1/pools/{pool}/resume"_L1,        R::Operator, r::resumePool,       "Grant again"_L1},
    ApiRouteSpec{M::Post,   "/v1/pools/{pool}/drain"_L1,         R::Operator, r::drainPool,        "Accept nothing new"_L1},
    ApiRouteSpec{M::Post,   "/v1/pools/{pool}/purge"_L1,         R::Operator, r::purgePool,        "Fail every waiting ticket"_L1},
    ApiRouteSpec{M::Post,   "/v1/alerts/test"_L1,                R::Operator, r::testAlert,        "Send a test alert"_L1},
    ApiRouteSpec{M::Post,   "/v1/alerts/{id}/ack"_L1,            R::Operator, r::acknowledgeAlert, "Acknowledge an alert"_L1},
    // Changing limits, tiers, users' tiers, pricing, alert rules and keys; the audit log: admin.
    ApiRouteSpec{M::Put,    "/v1/users/{user}/tier"_L1,          R::Admin,    r::setUserTier,      "Pin or unpin a user's tier"_L1},
    ApiRouteSpec{M::Get,    "/v1/config"_L1,                     R::Support,  r::getConfig,        "The configuration in force"_L1},
    ApiRouteSpec{M::Put,    "/v1/config"_L1,                     R::Admin,    r::putConfig,        "Replace the configuration"_L1},
    ApiRouteSpec{M::Patch,  "/v1/config"_L1,                     R::Admin,    r::patchConfig,      "Replace top-level members"_L1},
    ApiRouteSpec{M::Put,    "/v1/config/pools/{name}"_L1,        R::Admin,    r::putPoolConfig,    "Change or add one pool"_L1},
    ApiRouteSpec{M::Put,    "/v1/config/tiers/{name}"_L1,        R::Admin,    r::putTierConfig,    "Change or add one tier"_L1},
    ApiRouteSpec{M::Get,    "/v1/config/presets"_L1,             R::Support,  r::configPresets,    "The pool presets"_L1},
    ApiRouteSpec{M::Post,   "/v1/config/pools/{name}/preset"_L1, R::Admin,    r::applyPoolPreset,  "Apply a preset to one pool"_L1},
    ApiRouteSpec{M::Get,    "/v1/config/history"_L1,             R::Support,  r::configHistory,    "Configuration versions"_L1},
    ApiRouteSpec{M::Get,    "/v1/config/versions/{version}"_L1,  R::Admin,    r::configVersion,    "One configuration version"_L1},
    ApiRouteSpec{M::Post,   "/v1/config/rollback"_L1,            R::Admin,    r::rollbackConfig,   "Apply an older version again"_L1},
    ApiRouteSpec{M::Get,    "/v1/audit"_L1,                      R::Admin,    r::auditLog,         "The audit log"_L1},
    ApiRouteSpec{M::Get,    "/v1/keys"_L1,                       R::Admin,    r::listKeys,         "API keys"_L1},
    ApiRouteSpec{M::Post,   "/v1/keys"_L1,                       R::Admin,    r::createKey,        "Create an API key"_L1},
    ApiRouteSpec{M::Delete, "/v1/keys/{id}"_L1,                  R::Admin,    r::revokeKey,        "Revoke an API key"_L1},
    // The seed's admin API (seed 001), for its existing callers.
    ApiRouteSpec{M::Get,    "/api/admin/rate-limit-status"_L1,   R::Admin,    r::rateLimitStatus,  "Seed: status"_L1},
    ApiRouteSpec{M::Post,   "/api/admin/update-rate-limits"_L1,  R::Admin,    r::updateRateLimits, "Seed: update limits"_L1},
};
// clang-format on
} // namespace

std::span<const ApiRouteSpec> apiRoutes()
{
    return kRoutes;
}

void addApiRoutes(ApiRouter &router, ApiContext &context)
{
    for (const ApiRouteSpec &spec : kRoutes) {
        router.add(spec.method, QString(spec.pattern), spec.minRole,
                   [&context, handler = spec.handler](ApiRequest &request, ApiReply &reply) {
                       handler(context, request, reply);
                   });
    }
}

} // namespace sluice
