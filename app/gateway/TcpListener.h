#pragma once

#include "util/Result.h"

#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace sluice {

/// A listening TCP socket whose accept loop reads every errno itself, and emits each accepted
/// descriptor (non-blocking, close-on-exec) for the caller to wrap in a QTcpSocket.
///
/// Why not QTcpServer: in Qt 6.4 its socket engine keeps only the first error it sees. After
/// one EAGAIN (a drained queue, the usual case) an EMFILE reads as a temporary error, so
/// QTcpServer neither pauses nor emits acceptError, and its loop spins at 100% of a core while
/// the process is out of descriptors (tests/gateway/tst_acceptlimit.cpp).
///
/// Errors: EAGAIN ends a round; errors of the connection being accepted (ECONNABORTED,
/// EPROTO, the network errors accept(2) lists) skip it; out of descriptors or memory (EMFILE,
/// ENFILE, ENOBUFS, ENOMEM) and anything unexpected pause accepting for the back-off, then it
/// resumes by itself. Connections wait in the kernel's queue (the backlog) meanwhile.
class TcpListener : public QObject
{
    Q_OBJECT

public:
    explicit TcpListener(int backoffMs, QObject *parent = nullptr);
    ~TcpListener() override;

    /// Binds and listens; false with the reason in `error`. QHostAddress::Any listens on IPv6
    /// and IPv4 at once.
    Result<Done> listen(const QHostAddress &address, quint16 port);
    quint16 port() const { return m_port; }
    void close();
    /// How often accepting paused.
    int pauses() const { return m_pauses; }

signals:
    void accepted(qintptr descriptor);
    /// Accepting stopped for the back-off; `reason` is the system's message.
    void paused(const QString &reason);

private:
    void acceptSome();
    void pause(int error);

    int m_backoffMs;
    int m_fd = -1;
    quint16 m_port = 0;
    int m_pauses = 0;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QTimer m_resume;
};

} // namespace sluice
