// The pools' last hour, for the dashboard's live charts (support and up, like the snapshot).

#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "control/PoolHistory.h"
#include "protocol/WireHistory.h"

#include <limits>

namespace sluice::routes {

using namespace Qt::StringLiterals;

void samples(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    QList<FieldError> errors;
    const qint64 since = queryInteger(request, u"since"_s, 0, 0,
                                      std::numeric_limits<qint64>::max(), &errors);
    if (rejectInvalid(errors, reply))
        return;
    reply.respond(ApiResponse::ok(sampleHistoryToJson(context.runtime.history().since(since))));
}

} // namespace sluice::routes
