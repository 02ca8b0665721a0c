// Users: the user list and quota lookup for support, tier changes for admins.

#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "control/PoolOperations.h"
#include "engine/Engine.h"
#include "protocol/WireDashboard.h"
#include "protocol/WireEngine.h"
#include "protocol/WireReader.h"
#include "protocol/WireUsers.h"
#include "store/Store.h"

namespace sluice::routes {

using namespace Qt::StringLiterals;

namespace {
constexpr qint32 kHistoryDays = 30;
constexpr int kRejectionsShown = 20; ///< today's newest
constexpr qsizetype kMaxUserLength = 256;

std::optional<QString> userParam(const ApiRequest &request, ApiReply &reply)
{
    const QString user = request.param(u"user"_s);
    if (user.isEmpty() || user.size() > kMaxUserLength) {
        reply.respond(ApiResponse::error(400, reasonCode(Reason::InvalidRequest),
                                         u"user must be 1 to %1 characters"_s.arg(kMaxUserLength),
                                         {{u"user"_s, u"user must be 1 to 256 characters"_s}}));
        return std::nullopt;
    }
    return user;
}
} // namespace

void listUsers(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    QList<FieldError> errors;
    const UserListQuery query = userListQueryFromQuery(request.query, &errors);
    if (rejectInvalid(errors, reply))
        return;
    reply.respond(
        ApiResponse::ok(userListToJson(context.runtime.engine().users(query), query)));
}

void userDetails(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const std::optional<QString> user = userParam(request, reply);
    if (!user)
        return;
    struct Stored
    {
        QList<DayUsage> history;
        QList<RejectionRecord> rejections;
    };
    const qint32 today = context.runtime.engine().today();
    answerFromStoreWhenDurable<Stored>(
        context, reply,
        [user = *user, today](const Store &store) -> Result<Stored> {
            Result<QList<DayUsage>> history =
                store.userUsageHistory(user, today - kHistoryDays + 1, today);
            if (!history)
                return history.error();
            Result<QList<RejectionRecord>> rejections =
                store.rejections(user, today, kRejectionsShown);
            if (!rejections)
                return rejections.error();
            return Stored{*history, *rejections};
        },
        [&context, user = *user](const Stored &stored) {
            // The quota as it is now, when the answer goes out.
            UserDetails details;
            details.quota = context.runtime.engine().userQuota(user);
            for (const DayUsage &day : stored.history)
                details.history.append({day.day, day.totals.requests, day.totals.tokens(),
                                        day.totals.costNanoUsd, day.totals.credits});
            for (const RejectionRecord &rejection : stored.rejections)
                details.recentRejections.append(
                    {rejection.at, rejection.pool, rejection.reason, rejection.message});
            return ApiResponse::ok(userDetailsToJson(details));
        });
}

void setUserTier(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const std::optional<QString> user = userParam(request, reply);
    if (!user)
        return;
    const std::optional<QJsonObject> body = jsonBody(request, reply);
    if (!body)
        return;
    // {"tier": "pro"} pins the tier; {"tier": null} or {"tier": ""} unpins it.
    QList<FieldError> errors;
    WireReader reader(*body, {}, &errors);
    QString tier;
    if (!body->contains("tier"_L1))
        reader.addError(u"tier"_s, u"tier is required (a tier name, or null to unpin)"_s);
    else if (body->value("tier"_L1).isNull())
        reader.accept("tier"_L1);
    else
        tier = reader.text("tier"_L1, WireReader::Need::Optional, 64);
    reader.rejectUnknown();
    if (rejectInvalid(errors, reply))
        return;
    const Result<Done> result =
        context.runtime.poolOperations().setUserTier(*user, tier, request.actor);
    if (!result) {
        reply.respond(opError(result.error()));
        return;
    }
    respondWhenDurable(context, reply,
                       ApiResponse::ok(QJsonObject{
                           {u"quota"_s, userQuotaToJson(context.runtime.engine().userQuota(*user))}}));
}

} // namespace sluice::routes
