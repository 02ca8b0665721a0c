// The client flow (SPEC section 4): acquire, ticket status, cancel, heartbeat, release.

#include "api/AccessLog.h"
#include "api/ApiProtocol.h"
#include "api/RequestTracker.h"
#include "api/WireEngine.h"
#include "api/WireRecords.h"
#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "control/ControlPlane.h"
#include "engine/Engine.h"

#include <QPointer>

namespace sluice::routes {

using namespace Qt::StringLiterals;

namespace {

/// A client key acts only on requests it made (or whose maker is unknown); keys with at least
/// `others` act on any. Answers 403 otherwise.
bool mayAct(ApiContext &context, const ApiRequest &request, RequestId id, Role others,
            ApiReply &reply)
{
    if (request.role >= others)
        return true;
    const QString owner = context.tracker.owner(id);
    if (owner.isEmpty() || owner == request.keyId)
        return true;
    reply.respond(ApiResponse::error(
        403, errors::kForbidden,
        u"Request %1 was made with another key; acting on it needs the %2 role"_s.arg(
            formatRequestId(id), roleName(others))));
    return false;
}

/// The client left before it learnt the id it was given: nobody can release it, so give the
/// slot (and the quota) back now instead of when the lease expires.
void abandon(Engine &engine, RequestId id)
{
    const std::optional<RequestInfo> info = engine.request(id);
    if (!info)
        return;
    if (info->active) {
        Usage usage;
        usage.refund = true;
        engine.release(id, usage);
    } else {
        engine.cancel(id);
    }
}

} // namespace

void acquire(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    if (context.shuttingDown) {
        reply.respond(
            ApiResponse::error(503, errors::kShuttingDown,
                               u"The gateway is shutting down; retry on another replica or later"_s)
                .withHeader("retry-after", "1"));
        return;
    }
    const std::optional<QJsonObject> body = jsonBody(request, reply);
    if (!body)
        return;
    QList<ConfigError> errors;
    const AcquireRequest acquire = acquireRequestFromJson(*body, &errors);
    if (rejectInvalid(errors, reply))
        return;
    Engine &engine = context.runtime.engine();
    const Decision decision = engine.acquire(acquire);
    if (context.log)
        context.log->decision(engine.now(), acquire, decision);
    const ApiResponse response = ApiResponse::fromDecision(decision);
    if (decision.rejected()) {
        context.tracker.recordRejection(acquire.user, acquire.pool, decision, engine.now());
        reply.respond(response);
        return;
    }
    context.tracker.setOwner(decision.id, request.keyId);
    context.runtime.whenDurable(
        [engine = &engine, target = QPointer<ApiReply>(&reply), response, id = decision.id] {
            ApiReply *waiting = target.data();
            if (!waiting || waiting->isClientGone()) {
                abandon(*engine, id);
                return;
            }
            waiting->respond(response);
        });
}

void requestStatus(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const std::optional<RequestId> id = requestIdParam(request, reply);
    if (!id || !mayAct(context, request, *id, Role::Support, reply))
        return;
    if (const std::optional<RequestInfo> info = context.runtime.engine().request(*id)) {
        reply.respond(ApiResponse::ok(requestInfoToJson(*info)));
        return;
    }
    if (const std::optional<Reason> outcome = context.tracker.outcome(*id)) {
        reply.respond(ApiResponse::ok(requestEndToJson(*id, *outcome)));
        return;
    }
    reply.respond(ApiResponse::error(
        404, reasonCode(Reason::UnknownRequest),
        u"No request %1 (it may have ended long ago)"_s.arg(formatRequestId(*id))));
}

void endRequest(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const std::optional<RequestId> id = requestIdParam(request, reply);
    if (!id || !mayAct(context, request, *id, Role::Operator, reply))
        return;
    Engine &engine = context.runtime.engine();
    const std::optional<RequestInfo> info = engine.request(*id);
    if (!info) {
        reply.respond(opError(engine.release(*id)));
        return;
    }
    const bool forOther =
        !context.tracker.owner(*id).isEmpty() && context.tracker.owner(*id) != request.keyId;
    OpResult result;
    if (info->active)
        result = engine.release(*id);
    else if (forOther)
        result = context.runtime.control().cancelTicket(*id, request.actor);
    else
        result = engine.cancel(*id);
    if (!result) {
        reply.respond(opError(result));
        return;
    }
    respondWhenDurable(context, reply,
                       ApiResponse::ok(requestEndToJson(*id, info->active ? Reason::Released
                                                                          : Reason::Cancelled)));
}

void releaseRequest(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const std::optional<RequestId> id = requestIdParam(request, reply);
    if (!id || !mayAct(context, request, *id, Role::Operator, reply))
        return;
    const std::optional<QJsonObject> body = jsonBody(request, reply, true);
    if (!body)
        return;
    QList<ConfigError> errors;
    const Usage usage = usageFromJson(*body, &errors);
    if (rejectInvalid(errors, reply))
        return;
    const OpResult result = context.runtime.engine().release(*id, usage);
    if (!result) {
        reply.respond(opError(result));
        return;
    }
    respondWhenDurable(context, reply, ApiResponse::ok(requestEndToJson(*id, Reason::Released)));
}

void heartbeat(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const std::optional<RequestId> id = requestIdParam(request, reply);
    if (!id || !mayAct(context, request, *id, Role::Operator, reply))
        return;
    Engine &engine = context.runtime.engine();
    const OpResult result = engine.heartbeat(*id);
    if (!result) {
        reply.respond(opError(result));
        return;
    }
    reply.respond(ApiResponse::ok(requestInfoToJson(*engine.request(*id))));
}

void whoami(ApiContext &, ApiRequest &request, ApiReply &reply)
{
    reply.respond(ApiResponse::ok(QJsonObject{
        {u"role"_s, roleName(request.role)},
        {u"name"_s, request.actor},
        {u"key_id"_s, request.keyId},
        {u"protocol"_s, kProtocolVersion},
    }));
}

} // namespace sluice::routes
