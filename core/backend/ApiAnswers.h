#pragma once

#include "protocol/ApiResponse.h"
#include "protocol/ApiTypes.h"
#include "util/Error.h"

#include <QJsonObject>

namespace sluice {

/// How ApiBackend reads the API's answers. Reentrant.

/// The Error an error answer carries: its {"error", "message", "fields"} body; for a
/// body that is not JSON (e.g. a proxy's HTML page) the code HTTP_<status> and the start
/// of the body. Field errors named under `fieldPrefix` (e.g. "config.") lose the prefix.
Error answerError(const ApiResponse &response, QStringView fieldPrefix = {});

/// An error for an answer whose body does not decode: INVALID_RESPONSE with the errors.
Error malformedAnswer(const QList<FieldError> &errors);

/// The value of a successful answer, decoded from its JSON object by
/// `decode(object, &errors)`; the answer's error, or INVALID_RESPONSE, otherwise.
template<typename T, typename Decode>
Result<T> decodeAnswer(const ApiResponse &response, Decode decode, QStringView fieldPrefix = {})
{
    if (response.status < 200 || response.status >= 300)
        return Result<T>::failure(answerError(response, fieldPrefix));
    const QJsonValue document = response.document();
    if (!document.isObject())
        return Result<T>::failure(malformedAnswer(
            {{QStringLiteral("body"), QStringLiteral("the answer is not a JSON object")}}));
    QList<FieldError> errors;
    T value = decode(document.toObject(), &errors);
    if (!errors.isEmpty())
        return Result<T>::failure(malformedAnswer(errors));
    return Result<T>::success(std::move(value));
}

} // namespace sluice
