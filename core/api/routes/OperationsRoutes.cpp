// Operations: health, metrics, status, a pool's queue and the pool actions (pause, resume, drain,
// purge).

#include "api/DashboardPublisher.h"
#include "api/MetricsWriter.h"
#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "control/AlertDesk.h"
#include "control/ConfigVersions.h"
#include "control/PoolOperations.h"
#include "engine/Engine.h"
#include "protocol/WireDashboard.h"
#include "protocol/WireEngine.h"
#include "runtime/AdmissionService.h"
#include "runtime/EngineRuntime.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QPointer>

namespace sluice::routes {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kMaxQueuePage = 1000;

using PoolAction = Result<Done> (PoolOperations::*)(const QString &, const QString &);

std::optional<PoolStatus> knownPool(ApiContext &context, const ApiRequest &request, ApiReply &reply)
{
    const QString name = request.param(u"pool"_s);
    std::optional<PoolStatus> status = context.runtime.engine().poolStatus(name);
    if (!status)
        reply.respond(ApiResponse::error(404, reasonCode(Reason::UnknownPool),
                                         u"unknown pool '%1'"_s.arg(name.left(64))));
    return status;
}

void poolAction(ApiContext &context, ApiRequest &request, ApiReply &reply, PoolAction action)
{
    if (!knownPool(context, request, reply))
        return;
    const QString pool = request.param(u"pool"_s);
    PoolOperations &operations = context.runtime.poolOperations();
    const Result<Done> result = (operations.*action)(pool, request.actor);
    if (!result) {
        reply.respond(opError(result.error()));
        return;
    }
    respondWhenDurable( // the audit entry and the pool's mode are on disk before the answer
        context, reply,
        ApiResponse::ok(QJsonObject{
            {u"pool"_s, poolStatusToJson(*context.runtime.engine().poolStatus(pool))}}));
}
} // namespace

void health(ApiContext &, ApiRequest &, ApiReply &reply)
{
    reply.respond(ApiResponse::ok(QJsonObject{{u"status"_s, u"ok"_s}}));
}

void ready(ApiContext &context, ApiRequest &, ApiReply &reply)
{
    if (context.shuttingDown) {
        reply.respond(
            ApiResponse::error(503, errors::kShuttingDown, u"The gateway is shutting down"_s));
        return;
    }
    if (!context.runtime.store().isOpen()) {
        reply.respond(ApiResponse::error(503, errors::kStoreFailed, u"The store is not open"_s));
        return;
    }
    reply.respond(ApiResponse::ok(QJsonObject{
        {u"status"_s, u"ready"_s},
        {u"config_version"_s, context.runtime.configVersions().version()},
    }));
}

void metrics(ApiContext &context, ApiRequest &, ApiReply &reply)
{
    reply.respond(ApiResponse::raw(200,
                                   prometheusMetrics(context.runtime.engine(),
                                                     context.runtime.alerts().active().size(),
                                                     context.runtime.configVersions().version()) +
                                       context.runtime.admission().metrics(),
                                   kPrometheusContentType));
}

void replicas(ApiContext &context, ApiRequest &, ApiReply &reply)
{
    context.runtime.admission().replicas(
        [target = QPointer<ApiReply>(&reply)](const QJsonObject &answer) {
            if (target)
                target->respond(ApiResponse::ok(answer));
        });
}

void status(ApiContext &context, ApiRequest &, ApiReply &reply)
{
    reply.respond(ApiResponse::ok(dashboardSnapshotToJson(context.dashboard.current())));
}

void listPools(ApiContext &context, ApiRequest &, ApiReply &reply)
{
    QJsonArray pools;
    for (const PoolStatus &pool : context.runtime.engine().pools())
        pools.append(poolStatusToJson(pool));
    reply.respond(ApiResponse::ok(QJsonObject{{u"pools"_s, pools}}));
}

void poolStatus(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    if (const std::optional<PoolStatus> status = knownPool(context, request, reply))
        reply.respond(ApiResponse::ok(poolStatusToJson(*status)));
}

void poolQueue(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const std::optional<PoolStatus> status = knownPool(context, request, reply);
    if (!status)
        return;
    QList<FieldError> errors;
    const qint64 offset =
        queryInteger(request, u"offset"_s, 0, 0, std::numeric_limits<int>::max(), &errors);
    const qint64 limit = queryInteger(request, u"limit"_s, 100, 1, kMaxQueuePage, &errors);
    if (rejectInvalid(errors, reply))
        return;
    QJsonArray items;
    for (const RequestInfo &info : context.runtime.engine().queue(status->name, offset, limit))
        items.append(requestInfoToJson(info));
    reply.respond(ApiResponse::ok(QJsonObject{
        {u"pool"_s, status->name},
        {u"total"_s, status->waiting},
        {u"offset"_s, offset},
        {u"limit"_s, limit},
        {u"items"_s, items},
    }));
}

void pausePool(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    poolAction(context, request, reply, &PoolOperations::pause);
}

void resumePool(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    poolAction(context, request, reply, &PoolOperations::resume);
}

void drainPool(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    poolAction(context, request, reply, &PoolOperations::drain);
}

void purgePool(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    if (!knownPool(context, request, reply))
        return;
    const QString pool = request.param(u"pool"_s);
    qint64 purged = 0;
    const Result<Done> result =
        context.runtime.poolOperations().purge(pool, request.actor, &purged);
    if (!result) {
        reply.respond(opError(result.error()));
        return;
    }
    respondWhenDurable(
        context, reply,
        ApiResponse::ok(QJsonObject{
            {u"purged"_s, purged},
            {u"pool"_s, poolStatusToJson(*context.runtime.engine().poolStatus(pool))},
        }));
}

} // namespace sluice::routes
