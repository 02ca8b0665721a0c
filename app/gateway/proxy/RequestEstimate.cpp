#include "RequestEstimate.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sluice {

RequestEstimate RequestEstimate::fromBody(const QByteArray &body)
{
    RequestEstimate estimate;
    estimate.tokens = (body.size() + 3) / 4;
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return estimate;
    const QJsonObject json = document.object();
    estimate.model = json.value(u"model"_s).toString();
    for (const QString &key : {u"max_tokens"_s, u"max_completion_tokens"_s, u"max_output_tokens"_s}) {
        const QJsonValue value = json.value(key);
        if (value.isDouble() && value.toDouble() > 0 && value.toDouble() < 1e9) {
            estimate.tokens += value.toInteger();
            break;
        }
    }
    return estimate;
}

} // namespace sluice
