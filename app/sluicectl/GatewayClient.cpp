#include "GatewayClient.h"

#include "protocol/ApiRequest.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>
#if QT_CONFIG(ssl)
#include <QSslConfiguration>
#endif

namespace sluice::ctl {

using namespace Qt::StringLiterals;

QString ApiResult::errorMessage() const
{
    const QJsonObject object = json.toObject();
    QString message = object.value("message"_L1).toString();
    QStringList fields;
    for (const QJsonValue &field : object.value("fields"_L1).toArray()) {
        const QString text = field.toObject().value("message"_L1).toString();
        if (!text.isEmpty() && !message.contains(text))
            fields << text;
    }
    if (!fields.isEmpty())
        message += (message.isEmpty() ? QString() : u": "_s) + fields.join(u"; "_s);
    return message;
}

qint32 ApiResult::etagVersion() const
{
    QByteArray tag = etag.trimmed();
    if (tag.startsWith("W/"))
        tag = tag.mid(2);
    if (tag.size() >= 2 && tag.startsWith('"') && tag.endsWith('"'))
        tag = tag.mid(1, tag.size() - 2);
    bool ok = false;
    const int version = tag.toInt(&ok);
    return ok ? version : 0;
}

QString pathSegment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

GatewayClient::GatewayClient(CtlSettings settings)
    : m_settings(std::move(settings))
{
    m_network.setAutoDeleteReplies(false);
}

QUrl GatewayClient::urlOf(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_settings.url;
    QString base = url.path(QUrl::FullyEncoded);
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path, QUrl::TolerantMode);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

ApiResult GatewayClient::get(const QString &path, const QUrlQuery &query)
{
    return run("GET", path, query, {}, 0);
}

ApiResult GatewayClient::send(const QByteArray &method, const QString &path,
                              const QJsonObject &body, qint32 ifMatch)
{
    const QByteArray bytes = body.isEmpty() && method == "DELETE"
                                 ? QByteArray()
                                 : QJsonDocument(body).toJson(QJsonDocument::Compact);
    return run(method, path, {}, bytes, ifMatch);
}

ApiResult GatewayClient::run(const QByteArray &method, const QString &path, const QUrlQuery &query,
                             const QByteArray &body, qint32 ifMatch)
{
    const QUrl url = urlOf(path, query);
    QNetworkRequest request(url);
    request.setRawHeader("X-API-Key", m_settings.key);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, u"sluicectl/" SLUICE_VERSION ""_s);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (ifMatch > 0)
        request.setRawHeader("If-Match", configVersionTag(ifMatch));
#if QT_CONFIG(ssl)
    if (m_settings.insecure && url.scheme() == u"https") {
        QSslConfiguration tls = request.sslConfiguration();
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(tls);
    }
#endif
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    bool timedOut = false;
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        reply->abort();
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(m_settings.timeoutMs);
    if (!reply->isFinished())
        loop.exec();

    ApiResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString shown = url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    if (timedOut)
        result.transportError = u"no answer from %1 within %2 s (--timeout)"_s.arg(
            shown, QString::number(m_settings.timeoutMs / 1000));
    else if (result.status == 0)
        result.transportError = u"cannot reach %1: %2"_s.arg(shown, reply->errorString());
    if (result.status == 0 && reply->error() == QNetworkReply::SslHandshakeFailedError)
        result.transportError += u" (--insecure skips the certificate check)"_s;
    if (timedOut)
        result.status = 0;
    const QByteArray bytes = reply->isOpen() ? reply->readAll() : QByteArray();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error == QJsonParseError::NoError)
        result.json =
            document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    result.etag = reply->rawHeader("ETag");
    reply->deleteLater();
    return result;
}

} // namespace sluice::ctl
