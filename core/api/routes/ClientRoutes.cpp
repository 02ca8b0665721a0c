// The client flow (SPEC section 4): acquire, ticket status, cancel, heartbeat, release.

#include "api/AccessLog.h"
#include "api/RequestTracker.h"
#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "control/AuditTrail.h"
#include "control/PoolOperations.h"
#include "engine/Engine.h"
#include "protocol/ApiProtocol.h"
#include "protocol/WireEngine.h"
#include "protocol/WireRecords.h"
#include "runtime/AdmissionService.h"
#include "runtime/EngineRuntime.h"

#include <QPointer>

namespace sluice::routes {

using namespace Qt::StringLiterals;

namespace {

/// What a route does with the request its path names, once the caller may act on it.
using Reached = void (*)(ApiContext &context, RequestId id, ApiRequest &request, ApiReply &reply);

void respondUnknown(ApiReply &reply, const QString &text)
{
    reply.respond(ApiResponse::error(404, reasonCode(Reason::UnknownRequest),
                                     u"No request %1 (it may have ended long ago)"_s.arg(text)));
}

/// Calls `reached` when the caller may act on request `id`: its own, or any with at least
/// the `others` role. A support key that sees it but may not act on it gets 403.
void actOn(ApiContext &context, RequestId id, ApiRequest &request, Role others, ApiReply &reply,
           const Reached &reached)
{
    if (request.role < others && context.tracker.owner(id) != request.keyId) {
        reply.respond(ApiResponse::error(
            403, errors::kForbidden,
            u"Request %1 was made with another key; acting on it needs the %2 role"_s.arg(
                request.param(u"id"_s), roleName(others))));
        return;
    }
    reached(context, id, request, reply);
}

/// The request the path names, when the caller may act on it (SPEC section 4, "Ownership"),
/// given to `reached`. A request the caller may not even see (another key's, or a wrong
/// random part) is answered 404 exactly as an id that never existed. In shared mode, a
/// client's ticket that another replica admitted is resumed here first (the admission's
/// resume(), one Redis round trip): then `reached` runs later, with a copy of the request.
void withReachable(ApiContext &context, ApiRequest &request, Role others, ApiReply &reply,
                   Reached reached)
{
    const QString text = request.param(u"id"_s);
    const std::optional<PublicRequestId> named = parsePublicRequestId(text);
    if (!named) {
        reply.respond(ApiResponse::error(
            400, reasonCode(Reason::InvalidRequest),
            u"'%1' is not a request id (as acquire returned it: hex digits, '-', 24 hex digits)"_s
                .arg(text.left(60)),
            {{u"id"_s, u"id must be a request id"_s}}));
        return;
    }
    const bool seesAny = request.role >= std::min(others, Role::Support);
    if (const std::optional<RequestId> id = context.tracker.resolve(*named, request.keyId, seesAny))
        return actOn(context, *id, request, others, reply, reached);
    // Staff read and act on this replica's requests only: a resumed ticket belongs to the key
    // that resumed it, which must be its client's.
    if (request.role != Role::Client)
        return respondUnknown(reply, text);
    context.runtime.admission().resume(
        *named, ResumeProof{request.keyId, request.actor, {}},
        [&context, copy = request, others, target = QPointer<ApiReply>(&reply),
         reached](const Result<RequestId> &id) mutable {
            if (!target)
                return;
            if (id)
                return actOn(context, *id, copy, others, *target, reached);
            if (id.error().code == reasonCode(Reason::RedisUnavailable))
                return target->respond(opError(id.error()).withHeader("retry-after", "1"));
            respondUnknown(*target, copy.param(u"id"_s));
        });
}

void describeReached(ApiContext &context, RequestId id, ApiRequest &request, ApiReply &reply)
{
    context.runtime.admission().describe(
        id, [&context, id, target = QPointer<ApiReply>(&reply),
             named = request.param(u"id"_s)](const std::optional<RequestInfo> &info) {
            if (!target)
                return;
            if (info) { // answered as the caller named it
                QJsonObject answer = requestInfoToJson(*info);
                answer.insert(u"requestId"_s, named);
                target->respond(ApiResponse::ok(answer));
                return;
            }
            const Reason ended = context.tracker.outcome(id).value_or(Reason::Released);
            target->respond(ApiResponse::encoded(encodeRequestEnd(named, ended)));
        });
}

void endReached(ApiContext &context, RequestId id, ApiRequest &request, ApiReply &reply)
{
    Engine &engine = context.runtime.engine();
    const std::optional<RequestInfo> info = engine.request(id);
    if (!info) {
        reply.respond(opError(engine.release(id).error()));
        return;
    }
    const ApiResponse answer = ApiResponse::encoded(encodeRequestEnd(
        request.param(u"id"_s), info->active ? Reason::Released : Reason::Cancelled));
    const auto answered = answerWhenDone(context, reply, answer);
    // An operator's action is audited: the caller ends another key's request, or acts with
    // the operator role (the dashboard in process has no key, and neither has demo traffic).
    const bool byOperator =
        request.role >= Role::Operator || context.tracker.owner(id) != request.keyId;
    if (info->active)
        context.runtime.admission().release(
            id, {},
            [&context, answered, byOperator, actor = request.actor, info = *info,
             id](const Result<Done> &result) {
                answered(byOperator ? context.runtime.audit().recordOnSuccess(
                                          result, actor, u"lease.end"_s,
                                          info.pool + u'/' + formatRequestId(id),
                                          u"user %1"_s.arg(info.user))
                                    : result);
            });
    else if (byOperator)
        answered(context.runtime.poolOperations().cancelTicket(id, request.actor));
    else
        context.runtime.admission().cancel(id, answered);
}

void releaseReached(ApiContext &context, RequestId id, ApiRequest &request, ApiReply &reply)
{
    const std::optional<QJsonObject> body = jsonBody(request, reply, true);
    if (!body)
        return;
    QList<FieldError> errors;
    const Usage usage = usageFromJson(*body, &errors);
    if (rejectInvalid(errors, reply))
        return;
    const ApiResponse answer =
        ApiResponse::encoded(encodeRequestEnd(request.param(u"id"_s), Reason::Released));
    context.runtime.admission().release(id, usage, answerWhenDone(context, reply, answer));
}

void heartbeatReached(ApiContext &context, RequestId id, ApiRequest &request, ApiReply &reply)
{
    context.runtime.admission().heartbeat(
        id, [&context, target = QPointer<ApiReply>(&reply), id,
             named = request.param(u"id"_s)](const Result<Done> &result) {
            if (!target)
                return;
            const std::optional<RequestInfo> info = context.runtime.engine().request(id);
            if (!result || !info) {
                target->respond(opError(
                    result ? reasonError(Reason::UnknownRequest, u"the lease has ended"_s)
                           : result.error()));
                return;
            }
            QJsonObject answer = requestInfoToJson(*info);
            answer.insert(u"requestId"_s, named);
            target->respond(ApiResponse::ok(answer));
        });
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
    QList<FieldError> errors;
    AcquireRequest acquire = acquireRequestFromJson(*body, &errors);
    if (rejectInvalid(errors, reply))
        return;
    acquire.owner = request.keyId;
    acquire.ownerName = request.actor;
    context.runtime.admission().acquire(
        acquire,
        [&context, acquire, target = QPointer<ApiReply>(&reply)](const Decision &decision) {
            if (context.log)
                context.log->decision(context.runtime.engine().now(), acquire, decision);
            const ApiResponse response = ApiResponse::fromDecision(decision);
            if (decision.rejected()) {
                if (target)
                    target->respond(response);
                return;
            }
            context.runtime.whenDurable([&context, target, response, decision] {
                ApiReply *waiting = target.data();
                if (!waiting || waiting->isClientGone()) {
                    // The client left before it learnt the id it was given: nobody can release
                    // it, so give the slot (and the quota) back now, not when the lease expires.
                    context.runtime.admission().giveBack(decision);
                    return;
                }
                waiting->respond(response);
            });
        });
}

void requestStatus(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    withReachable(context, request, Role::Support, reply, describeReached);
}

void endRequest(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    withReachable(context, request, Role::Operator, reply, endReached);
}

void releaseRequest(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    withReachable(context, request, Role::Operator, reply, releaseReached);
}

void heartbeat(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    withReachable(context, request, Role::Operator, reply, heartbeatReached);
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
