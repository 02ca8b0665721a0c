#pragma once

#include "MockBodies.h"
#include "MockTypes.h"

#include <QElapsedTimer>
#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

class QTcpSocket;

namespace sluice::test {

/// One answer of the mock provider in flight, holding one slot: waits out the latency, then
/// writes a whole JSON body, or streams server-sent events spread over the latency. Applies
/// the response faults (delayed first byte, reset or pause after some events, stall).
class MockExchange : public QObject
{
    Q_OBJECT

public:
    enum class Ending { Completed, Reset, ClientGone };

    MockExchange(QHttpServerResponder &&responder, MockReply reply, int latencyMs,
                 HeaderPairs headers, std::optional<MockFault> fault, QObject *parent = nullptr);

    void start();
    /// Continues a stream held by a PauseAfterEvents fault.
    void resume();
    bool isPaused() const { return m_paused; }
    qint64 elapsedMs() const { return m_since.elapsed(); }

signals:
    void paused();
    /// LargeBody: body bytes the socket has passed to the network so far.
    void bodyBytesSent(qint64 total);
    void ended(sluice::test::MockExchange *exchange, sluice::test::MockExchange::Ending how);

private:
    void answer();
    void writeNextEvent();
    void writeBadFraming();
    void writeLargeBody();
    void finish(Ending how);
    bool faultIs(MockFault::Kind kind) const { return m_fault && m_fault->kind == kind; }

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    MockReply m_reply;
    int m_latencyMs = 0;
    HeaderPairs m_headers;
    std::optional<MockFault> m_fault;
    QList<QByteArray> m_events;
    qsizetype m_sent = 0;
    qint64 m_bodyQueued = 0;
    qint64 m_bodySent = 0;
    QTimer m_timer;
    QElapsedTimer m_since;
    bool m_paused = false;
    bool m_done = false;
};

} // namespace sluice::test
