#include "remote/HttpCaller.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSslConfiguration>

namespace sluice {

using namespace Qt::StringLiterals;

HttpCaller::HttpCaller(const RemoteSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    m_network.setAutoDeleteReplies(true);
}

QUrl HttpCaller::url(const QString &path, const QString &scheme) const
{
    QUrl url = m_settings.baseUrl;
    QString prefix = url.path(QUrl::FullyEncoded);
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + path, QUrl::TolerantMode);
    if (!scheme.isEmpty())
        url.setScheme(scheme);
    return url;
}

void HttpCaller::configureTls(QNetworkRequest &request) const
{
    if (m_settings.verifyTls || m_settings.baseUrl.scheme() != u"https")
        return;
    QSslConfiguration tls = request.sslConfiguration();
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    request.setSslConfiguration(tls);
}

QNetworkRequest HttpCaller::networkRequest(const QUrl &url) const
{
    QNetworkRequest request(url);
    request.setRawHeader("X-API-Key", m_settings.apiKey.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_settings.requestTimeoutMs);
    configureTls(request);
    return request;
}

void HttpCaller::send(const ApiRequest &apiRequest, ApiTransport::Answer done)
{
    QUrl target = url(apiRequest.path);
    if (!apiRequest.query.isEmpty()) {
        QStringList items;
        for (const auto &[key, value] : apiRequest.query)
            items << QString::fromLatin1(QUrl::toPercentEncoding(key) + '=' +
                                         QUrl::toPercentEncoding(value));
        target.setQuery(items.join(u'&'), QUrl::TolerantMode);
    }
    QNetworkRequest request = networkRequest(target);
    for (const auto &[name, value] : apiRequest.headers) {
        if (name != "content-type") // set below, from the body
            request.setRawHeader(name, value);
    }
    if (!apiRequest.body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network.sendCustomRequest(
        request, QByteArray(methodName(apiRequest.method).data()), apiRequest.body);
    connect(reply, &QNetworkReply::finished, this,
            [reply, done = std::move(done)] { done(answerOf(*reply)); });
}

ApiResponse HttpCaller::answerOf(QNetworkReply &reply)
{
    const QVariant status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        const QString why = reply.error() == QNetworkReply::OperationCanceledError
                                ? u"no answer within the time allowed"_s
                                : reply.errorString();
        return ApiResponse::error(0, kUnreachableCode,
                                  u"No answer from %1: %2"_s.arg(reply.url().host(), why));
    }
    ApiResponse response;
    response.status = status.toInt();
    response.body = reply.readAll();
    response.contentType = reply.header(QNetworkRequest::ContentTypeHeader).toByteArray();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
    if (error.error == QJsonParseError::NoError && !document.isNull())
        response.json =
            document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    return response;
}

} // namespace sluice
