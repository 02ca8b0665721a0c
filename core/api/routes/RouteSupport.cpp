#include "api/routes/RouteSupport.h"

#include "protocol/WireEngine.h"

#include <QJsonDocument>
#include <QPointer>

namespace sluice::routes {

using namespace Qt::StringLiterals;

std::optional<QJsonObject> jsonBody(const ApiRequest &request, ApiReply &reply, bool emptyIsObject)
{
    if (request.body.trimmed().isEmpty()) {
        if (emptyIsObject)
            return QJsonObject();
        reply.respond(ApiResponse::error(400, errors::kInvalidJson,
                                         u"The request needs a JSON object as its body"_s));
        return std::nullopt;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError) {
        reply.respond(ApiResponse::error(400, errors::kInvalidJson,
                                         u"The body is not valid JSON: %1 at offset %2"_s.arg(
                                             error.errorString(), QString::number(error.offset))));
        return std::nullopt;
    }
    if (!document.isObject()) {
        reply.respond(ApiResponse::error(400, errors::kInvalidJson,
                                         u"The body must be a JSON object, not %1"_s.arg(
                                             document.isArray() ? u"an array"_s : u"a scalar"_s)));
        return std::nullopt;
    }
    return document.object();
}

bool rejectInvalid(const QList<FieldError> &errors, ApiReply &reply)
{
    if (errors.isEmpty())
        return false;
    QStringList messages;
    for (const FieldError &error : errors)
        messages.append(error.message);
    reply.respond(
        ApiResponse::error(400, errors::kValidationFailed, messages.join(u"; "_s), errors));
    return true;
}

ApiResponse opError(const Error &error)
{
    const std::optional<Reason> reason = reasonFromCode(error.code);
    return ApiResponse::error(reason ? httpStatusFor(*reason) : 500, error);
}

int configRefusalStatus(const Error &error)
{
    return error.code == errors::kValidationFailed ? 400 : 409;
}

qint64 queryInteger(const ApiRequest &request, const QString &name, qint64 fallback, qint64 min,
                    qint64 max, QList<FieldError> *errors)
{
    const std::optional<QString> text = request.queryItem(name);
    if (!text)
        return fallback;
    bool ok = false;
    const qint64 value = text->toLongLong(&ok);
    if (!ok || value < min || value > max) {
        errors->append(
            {name, u"%1 must be an integer between %2 and %3 (got \"%4\")"_s.arg(
                       name, QString::number(min), QString::number(max), text->left(40))});
        return fallback;
    }
    return value;
}

void respondWhenDurable(ApiContext &context, ApiReply &reply, const ApiResponse &response)
{
    context.runtime.whenDurable([target = QPointer<ApiReply>(&reply), response] {
        if (target)
            target->respond(response);
    });
}

std::function<void(const Result<Done> &)> answerWhenDone(ApiContext &context, ApiReply &reply,
                                                         ApiResponse response)
{
    return [&context, target = QPointer<ApiReply>(&reply),
            response = std::move(response)](const Result<Done> &result) {
        if (!target)
            return;
        if (!result)
            target->respond(opError(result.error()));
        else
            respondWhenDurable(context, *target, response);
    };
}

} // namespace sluice::routes
