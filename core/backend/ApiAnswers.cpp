#include "backend/ApiAnswers.h"

#include "protocol/WireRecords.h"

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype kBodyExcerpt = 200;
}

Error answerError(const ApiResponse &response, QStringView fieldPrefix)
{
    const QJsonValue document = response.document();
    if (!document.isObject()) {
        const QString excerpt = QString::fromUtf8(response.body.left(kBodyExcerpt)).simplified();
        return {u"HTTP_%1"_s.arg(response.status),
                u"The gateway answered HTTP %1 without an error body%2"_s.arg(response.status)
                    .arg(excerpt.isEmpty() ? QString() : u": "_s + excerpt),
                {}};
    }
    Error error = errorFromJson(document.toObject());
    if (!fieldPrefix.isEmpty()) {
        for (FieldError &field : error.fields) {
            if (field.field.startsWith(fieldPrefix))
                field.field.remove(0, fieldPrefix.size());
        }
    }
    return error;
}

Error malformedAnswer(const QList<FieldError> &errors)
{
    return {u"INVALID_RESPONSE"_s,
            u"The gateway's answer is malformed: "_s + describeErrors(errors),
            {}};
}

} // namespace sluice
