// Alerts: list (support), acknowledge and test (operator).

#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "control/AlertDesk.h"
#include "protocol/WireDashboard.h"
#include "protocol/WireRecords.h"
#include "store/Store.h"

namespace sluice::routes {

using namespace Qt::StringLiterals;

void listAlerts(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    QList<FieldError> errors;
    const qint64 limit = queryInteger(request, u"limit"_s, 100, 1, 1000, &errors);
    const qint64 offset =
        queryInteger(request, u"offset"_s, 0, 0, std::numeric_limits<int>::max(), &errors);
    if (rejectInvalid(errors, reply))
        return;
    answerFromStore<QList<AlertRecord>>(
        context, reply,
        [limit, offset](const Store &store) { return store.alertHistory(int(limit), int(offset)); },
        [&alerts = context.runtime.alerts()](const QList<AlertRecord> &history) {
            return ApiResponse::ok(alertListsToJson({alerts.active(), history}));
        });
}

void acknowledgeAlert(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const QString text = request.param(u"id"_s);
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0) {
        reply.respond(
            ApiResponse::error(400, reasonCode(Reason::InvalidRequest),
                               u"'%1' is not an alert id (a positive integer)"_s.arg(text.left(40)),
                               {{u"id"_s, u"id must be a positive integer"_s}}));
        return;
    }
    const std::optional<AlertRecord> alert =
        context.runtime.alerts().acknowledge(id, request.actor);
    if (!alert) {
        reply.respond(ApiResponse::error(404, errors::kUnknownAlert,
                                         u"No firing, unacknowledged alert with id %1"_s.arg(id)));
        return;
    }
    respondWhenDurable(context, reply, ApiResponse::ok(alertRecordToJson(*alert)));
}

void testAlert(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    respondWhenDurable(
        context, reply,
        ApiResponse::ok(alertRecordToJson(context.runtime.alerts().sendTest(request.actor))));
}

} // namespace sluice::routes
