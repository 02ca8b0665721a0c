#pragma once

#include "ResponseSink.h"

#include <QNetworkReply>
#include <QObject>
#include <QUrl>

namespace sluice {

class UpstreamClients;

/// One attempt at the upstream: sends the request at once and reports the response as it
/// arrives: headReceived() once, dataReceived() for each piece of body as soon as the network
/// layer has it, then finished(), or failed() for a transport failure (refused, reset,
/// truncated, timed out). An HTTP error status is a response, not a failure.
/// Cookies are neither stored nor added and redirects are not followed: both belong to the
/// client. Threading: one thread.
class UpstreamCall : public QObject
{
    Q_OBJECT

public:
    /// `idleTimeoutMs`: the call fails when no byte moves for this long (0: never).
    UpstreamCall(UpstreamClients &clients, const QUrl &url, const QByteArray &method,
                 const HeaderList &headers, const QByteArray &body, qint64 idleTimeoutMs,
                 QObject *parent = nullptr);
    ~UpstreamCall() override;

    /// The most body bytes held for one call between the socket and dataReceived(): while
    /// the call is paused the network layer stops reading once this much is waiting, so the
    /// upstream's sends stall (TCP flow control) instead of the gateway's memory growing.
    static constexpr qint64 kReadBufferBytes = 256 << 10;

    /// Stops the call; no signal follows.
    void abort();
    bool headSeen() const { return m_headSeen; }
    /// Holds dataReceived() (and finished()) back until resume(): the client is slow.
    void pause();
    void resume();
    bool isPaused() const { return m_paused; }
    /// Body bytes received and not yet passed on.
    qint64 bufferedBytes() const;

signals:
    void headReceived(int status, const sluice::HeaderList &headers);
    void dataReceived(const QByteArray &data);
    void finished();
    void failed(bool timedOut, const QString &message);

private:
    void checkHead();
    void readBody();
    void replyFinished();
    void close();

    UpstreamClients &m_clients;
    QNetworkAccessManager *m_manager = nullptr;
    QNetworkReply *m_reply = nullptr;
    bool m_headSeen = false;
    bool m_closed = false;
    bool m_paused = false;
    bool m_finishPending = false;
};

} // namespace sluice
