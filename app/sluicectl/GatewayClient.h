#pragma once

#include "CtlSettings.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QUrlQuery>

namespace sluice::ctl {

/// One answer of the gateway, or why there was none.
struct ApiResult
{
    int status = 0;         ///< the HTTP status; 0 when no answer came
    QJsonValue json;        ///< the body as JSON; undefined when it was not JSON
    QByteArray etag;        ///< the ETag header (a configuration version, quoted)
    QString transportError; ///< why no answer came (status 0)

    bool ok() const { return status >= 200 && status < 300; }
    /// The API's error code ("CONFIG_CONFLICT") and message, when the body has them.
    QString errorCode() const
    {
        return json.toObject().value(QLatin1StringView("error")).toString();
    }
    QString errorMessage() const;
    /// The configuration version the ETag names; 0 when there is none.
    qint32 etagVersion() const;
};

/// Blocking calls to the gateway's JSON API (sluicectl does one thing at a time): each call
/// runs a local event loop until the answer or the timeout. The key goes in X-API-Key and
/// is never shown. Main thread only.
class GatewayClient
{
public:
    explicit GatewayClient(CtlSettings settings);

    ApiResult get(const QString &path, const QUrlQuery &query = {});
    /// POST, PUT, PATCH or DELETE with a JSON body (none when `body` is empty and the method
    /// is DELETE); `ifMatch` (e.g. "7") becomes If-Match: "7".
    ApiResult send(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                   qint32 ifMatch = 0);

    /// The full URL of a path, for messages.
    QUrl urlOf(const QString &path, const QUrlQuery &query = {}) const;
    const CtlSettings &settings() const { return m_settings; }

private:
    ApiResult run(const QByteArray &method, const QString &path, const QUrlQuery &query,
                  const QByteArray &body, qint32 ifMatch);

    CtlSettings m_settings;
    QNetworkAccessManager m_network;
};

/// A path segment, percent-encoded (a user "a/b" stays one segment).
QString pathSegment(const QString &text);

} // namespace sluice::ctl
