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
    QString error;
    const std::optional<ApiKeys::Created> created = context.keys.create(name, *role, &error);
    if (!created) {
        reply.respond(ApiResponse::error(400, errors::kValidationFailed, error));
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
    QString error;
    switch (context.keys.revoke(id, &error)) {
    case ApiKeys::Revoked::Done:
        break;
    case ApiKeys::Revoked::Unknown:
        reply.respond(ApiResponse::error(404, errors::kUnknownKey, error));
        return;
    case ApiKeys::Revoked::AlreadyRevoked:
        reply.respond(ApiResponse::error(409, errors::kAlreadyRevoked, error));
        return;
    case ApiKeys::Revoked::StoreFailed:
        reply.respond(ApiResponse::error(500, errors::kStoreFailed, error));
        return;
    }
    context.runtime.audit().record(request.actor, u"key.revoke"_s, id, {});
    respondWhenDurable(context, reply,
                       ApiResponse::ok(QJsonObject{{u"id"_s, id}, {u"revoked"_s, true}}));
}

} // namespace sluice::routes
