#include "UpstreamCall.h"

#include "UpstreamClients.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>

#include <limits>

namespace sluice {
namespace {

bool isTransportError(QNetworkReply::NetworkError error)
{
    // 1-199: connection, proxy and timeout errors. HTTP error statuses map to 201-299,
    // 401-499 and ProtocolInvalidOperationError (400): answers, not failures.
    const int code = int(error);
    return (code > 0 && code < 200) || error == QNetworkReply::ProtocolUnknownError
           || error == QNetworkReply::ProtocolFailure;
}

} // namespace

UpstreamCall::UpstreamCall(UpstreamClients &clients, const QUrl &url, const QByteArray &method,
                           const HeaderList &headers, const QByteArray &body,
                           qint64 idleTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_clients(clients)
    , m_manager(clients.acquire())
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers) {
        const QByteArray existing = request.rawHeader(name);
        request.setRawHeader(name, existing.isEmpty() ? value : existing + ", " + value);
    }
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(int(std::min<qint64>(idleTimeoutMs, std::numeric_limits<int>::max())));
    m_reply = m_manager->sendCustomRequest(request, method, body);
    m_reply->setReadBufferSize(kReadBufferBytes);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &UpstreamCall::checkHead);
    connect(m_reply, &QNetworkReply::readyRead, this, &UpstreamCall::readBody);
    connect(m_reply, &QNetworkReply::finished, this, &UpstreamCall::replyFinished);
}

UpstreamCall::~UpstreamCall()
{
    abort();
}

void UpstreamCall::abort()
{
    if (m_closed)
        return;
    // Deleting a reply aborts its request. QNetworkReply::abort() is not used: called from the
    // reply's own metaDataChanged() it clashes with the HTTP error Qt sets right after.
    if (m_reply)
        disconnect(m_reply, nullptr, this, nullptr);
    close();
}

void UpstreamCall::pause()
{
    m_paused = true;
}

void UpstreamCall::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (m_finishPending)
        return replyFinished();
    readBody();
}

qint64 UpstreamCall::bufferedBytes() const
{
    return m_reply ? m_reply->bytesAvailable() : 0;
}

void UpstreamCall::checkHead()
{
    if (m_headSeen || !m_reply)
        return;
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return;
    m_headSeen = true;
    HeaderList headers;
    for (const auto &pair : m_reply->rawHeaderPairs())
        headers.append(pair);
    emit headReceived(status.toInt(), headers);
}

void UpstreamCall::readBody()
{
    checkHead();
    if (m_closed || !m_headSeen || !m_reply || m_paused)
        return;
    // At most one read buffer at a time: the receiver may pause the call after each piece.
    while (!m_paused && !m_closed && m_reply && m_reply->bytesAvailable() > 0) {
        const QByteArray data = m_reply->read(kReadBufferBytes);
        if (data.isEmpty())
            break;
        emit dataReceived(data);
    }
}

void UpstreamCall::replyFinished()
{
    if (m_closed || !m_reply)
        return;
    readBody();
    if (m_closed)
        return;
    if (m_paused && m_headSeen && m_reply->bytesAvailable() > 0) {
        m_finishPending = true;  // the rest goes out, then finished(), at resume()
        return;
    }
    m_finishPending = false;
    const QNetworkReply::NetworkError error = m_reply->error();
    const bool failedInTransit = !m_headSeen || isTransportError(error);
    const bool timedOut = error == QNetworkReply::TimeoutError
                          || error == QNetworkReply::OperationCanceledError;
    const QString message = m_reply->errorString();
    close();
    if (failedInTransit)
        emit failed(timedOut, message);
    else
        emit finished();
}

void UpstreamCall::close()
{
    m_closed = true;
    if (m_reply)
        m_reply->deleteLater();
    m_reply = nullptr;
    if (m_manager)
        m_clients.release(m_manager);
    m_manager = nullptr;
}

} // namespace sluice
