#pragma once

#include "protocol/ApiTypes.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <utility>

namespace sluice {

/// HTTP header lines; names are lower-case.
using ApiHeaders = QList<std::pair<QByteArray, QByteArray>>;

/// A configuration version as the entity tag the API gives it (ETag) and takes back
/// (If-Match): `"7"`, quotes included.
inline QByteArray configVersionTag(qint32 version)
{
    return '"' + QByteArray::number(version) + '"';
}

enum class HttpMethod : quint8
{
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
    Other
};

/// "GET", "POST", ...; "OTHER" for Other.
QLatin1StringView methodName(HttpMethod method);
/// The method for its name (case-sensitive, as HTTP has it); Other for anything else.
HttpMethod methodFromName(QByteArrayView name);

/// One request to the API, whatever carried it (HTTP, a WebSocket, an in-process call).
/// A value; the transport fills the first block, authentication the second, the router the
/// third.
struct ApiRequest
{
    HttpMethod method = HttpMethod::Get;
    QString path; ///< percent-encoded, without the query, e.g. "/v1/users/a%2Fb"
    QList<std::pair<QString, QString>> query; ///< decoded query items in order
    QByteArray rawQuery; ///< the query as sent (percent-encoded, no "?"), for forwarding
    ApiHeaders headers;  ///< names lower-case
    QByteArray body;
    QString peer; ///< the client's address, e.g. "127.0.0.1"; "local" in-process

    Role role = Role::None;     ///< what the presented key may do; None: no valid key
    QString actor;              ///< the key's name, for the audit log and logs ("local" in-process)
    QString keyId;              ///< the key's public id; empty in-process
    bool badKey = false;        ///< a key was presented and rejected
    bool authenticated = false; ///< the block above is filled (ApiService::admitHead ran)

    QHash<QString, QString> params; ///< path placeholders, percent-decoded

    /// The value of header `name` (lower-case), or an empty array.
    QByteArray header(QByteArrayView name) const;
    /// The value of query item `name`; nullopt when absent.
    std::optional<QString> queryItem(QStringView name) const;
    QString param(const QString &name) const { return params.value(name); }
};

} // namespace sluice
