#pragma once

#include "backend/ApiTransport.h"
#include "remote/RemoteSettings.h"

#include <QNetworkAccessManager>

class QNetworkReply;

namespace sluice {

/// Sends ApiRequests to a gateway over HTTP(S) with QNetworkAccessManager: the API key as
/// X-API-Key, a transfer timeout, TLS verification as configured. The answer is the
/// gateway's status and JSON body; a request that got no HTTP answer (refused, timed out,
/// TLS failure) is answered with status 0 and UNREACHABLE naming why.
/// Threading: the thread it lives on.
class HttpCaller : public QObject
{
    Q_OBJECT

public:
    explicit HttpCaller(const RemoteSettings &settings, QObject *parent = nullptr);

    void send(const ApiRequest &request, ApiTransport::Answer done);
    /// The URL of `path` (percent-encoded) under the base URL, with `scheme` when given.
    QUrl url(const QString &path, const QString &scheme = {}) const;
    /// TLS settings for any connection to this gateway (the WebSocket too).
    void configureTls(QNetworkRequest &request) const;
    QNetworkRequest networkRequest(const QUrl &url) const;

private:
    static ApiResponse answerOf(QNetworkReply &reply);

    RemoteSettings m_settings;
    QNetworkAccessManager m_network;
};

} // namespace sluice
