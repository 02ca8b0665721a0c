// The audit log (admin): who changed what, when.

#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "protocol/WireRecords.h"
#include "store/Store.h"

namespace sluice::routes {

using namespace Qt::StringLiterals;

void auditLog(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    QList<FieldError> errors;
    const AuditQuery query = auditQueryFromQuery(request.query, &errors);
    if (rejectInvalid(errors, reply))
        return;
    answerFromStore<QList<AuditEntry>>(
        context, reply, [query](const Store &store) { return store.audit(query); },
        [](const QList<AuditEntry> &found) {
            QJsonArray entries;
            for (const AuditEntry &entry : found)
                entries.append(auditEntryToJson(entry));
            return ApiResponse::ok(QJsonObject{{u"entries"_s, entries}});
        });
}

} // namespace sluice::routes
