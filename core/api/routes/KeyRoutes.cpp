// API keys (admin): list, create (the key is in this one answer only), revoke.

#include "api/ApiKeys.h"
#include "api/routes/RouteSupport.h"
#include "api/routes/Routes.h"
#include "control/AuditTrail.h"
#include "protocol/WireReader.h"
#include "protocol/WireRecords.h"

namespace sluice::routes {

using namespace Qt::StringLiterals;

void listKeys(ApiContext &context, ApiRequest &, ApiReply &reply)
{
    QJsonArray keys;
    for (const ApiKeyRow &key : context.keys.list())
        keys.append(apiKeyToJson(key));
    reply.respond(ApiResponse::ok(QJsonObject{{u"keys"_s, keys}}));
}

void createKey(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const std::optional<QJsonObject> body = jsonBody(request, reply);
    if (!body)
        return;
    QList<FieldError> errors;
    WireReader reader(*body, {}, &errors);
    const QString name = reader.text("name"_L1, WireReader::Need::Required, 64);
    const QString roleText = reader.text("role"_L1, WireReader::Need::Required);
    reader.rejectUnknown();
    const std::optional<Role> role = roleFromName(roleText);
    if (!roleText.isEmpty() && (!role || *role == Role::None))
        errors.append(
            {u"role"_s, u"role must be client, support, operator or admin (got \"%1\")"_s.arg(
                            roleText.left(40))});
    if (rejectInvalid(errors, reply))
        return;
    const Result<ApiKeys::Created> created = context.keys.create(name, *role);
    if (!created) {
        const bool invalid = created.error().code == errors::kValidationFailed;
        reply.respond(ApiResponse::error(invalid ? 400 : 500, created.error()));
        return;
    }
    context.runtime.audit().record(request.actor, u"key.create"_s, created->row.id,
                                   u"name=%1 role=%2"_s.arg(name, roleText));
    QJsonObject answer = apiKeyToJson(created->row);
    answer.insert(u"key"_s, created->key);
    respondWhenDurable(context, reply, ApiResponse::ok(answer, 201));
}

void revokeKey(ApiContext &context, ApiRequest &request, ApiReply &reply)
{
    const QString id = request.param(u"id"_s);
    if (const Result<Done> revoked = context.keys.revoke(id); !revoked) {
        const QString &code = revoked.error().code;
        const int status = code == errors::kUnknownKey       ? 404
                           : code == errors::kAlreadyRevoked ? 409
                                                             : 500;
        reply.respond(ApiResponse::error(status, revoked.error()));
        return;
    }
    context.runtime.audit().record(request.actor, u"key.revoke"_s, id, {});
    respondWhenDurable(context, reply,
                       ApiResponse::ok(QJsonObject{{u"id"_s, id}, {u"revoked"_s, true}}));
}

} // namespace sluice::routes
