#include "api/routes/ConfigPrecondition.h"

#include <QJsonObject>

namespace sluice::routes {

using namespace Qt::StringLiterals;

namespace {
/// Every If-Match line of the request, joined as HTTP allows ("a, b").
QByteArray ifMatchValue(const ApiRequest &request, bool *present)
{
    QByteArray value;
    *present = false;
    for (const auto &[name, line] : request.headers) {
        if (name != "if-match")
            continue;
        if (*present)
            value += ',';
        value += line;
        *present = true;
    }
    return value;
}

/// The tags of an If-Match list, without their quotes; nullopt when the list is malformed:
/// a member that is not a quoted tag (a weak tag too: we never give one out), or no member.
std::optional<QList<QByteArray>> strongTags(QByteArrayView list)
{
    QList<QByteArray> tags;
    qsizetype at = 0;
    while (at < list.size()) {
        while (at < list.size() && (list[at] == ' ' || list[at] == '\t' || list[at] == ','))
            ++at;
        if (at == list.size())
            break;
        if (list[at] != '"')
            return std::nullopt;
        const qsizetype end = list.indexOf('"', at + 1);
        if (end < 0)
            return std::nullopt;
        tags.append(list.sliced(at + 1, end - at - 1).toByteArray());
        at = end + 1;
        while (at < list.size() && (list[at] == ' ' || list[at] == '\t'))
            ++at;
        if (at < list.size() && list[at] != ',')
            return std::nullopt;
    }
    if (tags.isEmpty())
        return std::nullopt;
    return tags;
}
} // namespace

ApiResponse withConfigTag(ApiResponse response, qint32 version)
{
    return response.withHeader("etag", configVersionTag(version));
}

std::optional<ApiResponse> configPreconditionFailure(const ApiRequest &request, qint32 current)
{
    bool present = false;
    const QByteArray value = ifMatchValue(request, &present);
    if (!present || value.trimmed() == "*")
        return std::nullopt;
    const std::optional<QList<QByteArray>> tags = strongTags(value);
    if (!tags) {
        const QString shown = QString::fromLatin1(value.left(60));
        return ApiResponse::error(
            400, errors::kValidationFailed,
            u"If-Match must be \"*\" or a list of the quoted tags that ETag gives, "
            "e.g. \"%1\" (got %2)"_s.arg(QString::number(current), shown),
            {{u"If-Match"_s, u"must be \"*\" or quoted tags such as \"%1\""_s.arg(current)}});
    }
    if (tags->contains(QByteArray::number(current)))
        return std::nullopt;
    ApiResponse conflict = ApiResponse::error(
        412, errors::kConfigConflict,
        u"The configuration is at version %1, not the version this change was made from "
        "(If-Match %2): read it again (GET /v1/config), merge, and send the change with "
        "If-Match \"%1\""_s.arg(QString::number(current), QString::fromLatin1(value.left(60))));
    QJsonObject body = conflict.json.toObject();
    body.insert(u"current_version"_s, current);
    conflict.json = body;
    return withConfigTag(std::move(conflict), current);
}

} // namespace sluice::routes
