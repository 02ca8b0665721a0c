// The audit log (admin): who changed what, when.

#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "control/ControlPlane.h"
#include "protocol/WireRecords.h"

namespace sluice::routes {

using namespace Qt::StringLiterals;

void auditLog(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    QList<ConfigError> errors;
    const AuditQuery query = auditQueryFromQuery(request.query, &errors);
    if (rejectInvalid(errors, reply))
        return;
    QJsonArray entries;
    for (const AuditEntry &entry : context.runtime.control().audit(query))
        entries.append(auditEntryToJson(entry));
    reply.respond(ApiResponse::ok(QJsonObject{{u"entries"_s, entries}}));
}

} // namespace sluice::routes
