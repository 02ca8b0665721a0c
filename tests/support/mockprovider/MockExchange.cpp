#include "MockExchange.h"

#include <QTcpSocket>

namespace sluice::test {

MockExchange::MockExchange(QHttpServerResponder &&responder, MockReply reply, int latencyMs,
                           HeaderPairs headers, std::optional<MockFault> fault, QObject *parent)
    : QObject(parent)
    , m_responder(std::move(responder))
    , m_socket(m_responder.socket())
    , m_reply(std::move(reply))
    , m_latencyMs(latencyMs)
    , m_headers(std::move(headers))
    , m_fault(std::move(fault))
{
    m_since.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);  // events go out one by one
    connect(m_socket, &QTcpSocket::disconnected, this, [this] { finish(Ending::ClientGone); });
    connect(m_socket, &QObject::destroyed, this, [this] { finish(Ending::ClientGone); });
}

void MockExchange::start()
{
    if (faultIs(MockFault::Kind::Stall))
        return;
    if (faultIs(MockFault::Kind::BadChunkFraming))
        return writeBadFraming();
    if (faultIs(MockFault::Kind::LargeBody))
        return writeLargeBody();
    const int firstByteDelay = faultIs(MockFault::Kind::DelayFirstByte) ? m_fault->delayMs : 0;
    if (!m_reply.stream) {
        connect(&m_timer, &QTimer::timeout, this, &MockExchange::answer);
        m_timer.start(firstByteDelay + m_latencyMs);
        return;
    }
    m_events = MockBodies::streamEvents(m_reply);
    connect(&m_timer, &QTimer::timeout, this, &MockExchange::writeNextEvent);
    m_timer.start(firstByteDelay);
}

void MockExchange::answer()
{
    if (!m_socket)
        return finish(Ending::ClientGone);
    QByteArray body = MockBodies::complete(m_reply);
    if (faultIs(MockFault::Kind::UsageValue)) {
        const QByteArray count = QByteArray::number(m_reply.inputTokens);
        const QByteArray key = m_reply.api == MockReply::Api::Anthropic ? "\"input_tokens\":"
                                                                         : "\"prompt_tokens\":";
        body.replace(QByteArray(key + count), QByteArray(key + m_fault->usageValue));
    }
    HeaderPairs headers = m_headers;
    headers.emplaceBack("content-type", "application/json");
    headers.emplaceBack("content-length", QByteArray::number(body.size()));
    m_socket->write(HttpWire::head(200, headers) + body);
    finish(Ending::Completed);
}

void MockExchange::writeNextEvent()
{
    if (!m_socket)
        return finish(Ending::ClientGone);
    if (m_sent == 0) {
        HeaderPairs headers = m_headers;
        headers.emplaceBack("content-type", "text/event-stream; charset=utf-8");
        headers.emplaceBack("cache-control", "no-cache");
        headers.emplaceBack("transfer-encoding", "chunked");
        m_socket->write(HttpWire::head(200, headers));
    }
    m_socket->write(HttpWire::chunk(m_events[m_sent]));
    m_socket->flush();
    ++m_sent;
    if (m_sent == m_events.size()) {
        m_socket->write(HttpWire::lastChunk());
        return finish(Ending::Completed);
    }
    if (faultIs(MockFault::Kind::ResetAfterEvents) && m_sent >= m_fault->events) {
        QTcpSocket *socket = m_socket;
        finish(Ending::Reset);  // first: the reset itself reports a disconnection
        return HttpWire::reset(socket);
    }
    if (faultIs(MockFault::Kind::PauseAfterEvents) && m_sent >= m_fault->events) {
        m_fault.reset();
        m_paused = true;
        emit paused();
        return;
    }
    m_timer.start(int(m_latencyMs / m_events.size()));
}

void MockExchange::writeBadFraming()
{
    HeaderPairs headers = m_headers;
    headers.emplaceBack("content-type", "application/json");
    headers.emplaceBack("transfer-encoding", "chunked");
    m_socket->write(HttpWire::head(200, headers) + "zz\r\n{\"type\":\"message\"}\r\n0\r\n\r\n");
    m_socket->flush();
    finish(Ending::Completed);
}

void MockExchange::writeLargeBody()
{
    // Writes only while little is queued in the socket: what the peer does not read stays
    // unwritten here, and bodyBytesSent() shows it.
    constexpr qint64 kPiece = 64 << 10;
    constexpr qint64 kQueued = 256 << 10;
    QTcpSocket *socket = m_socket.data();
    if (!socket || m_done)
        return;
    const qint64 total = m_fault ? m_fault->bytes : 0;
    if (m_sent == 0) {
        m_sent = 1;
        HeaderPairs headers = m_headers;
        headers.emplaceBack("content-type", "application/octet-stream");
        headers.emplaceBack("content-length", QByteArray::number(total));
        socket->write(HttpWire::head(200, headers));
        connect(socket, &QTcpSocket::bytesWritten, this, [this](qint64 written) {
            m_bodySent += written;
            emit bodyBytesSent(m_bodySent);
            writeLargeBody();
        });
    }
    while (m_bodyQueued < total && socket->bytesToWrite() < kQueued) {
        QByteArray piece(std::min(kPiece, total - m_bodyQueued), Qt::Uninitialized);
        for (qsizetype i = 0; i < piece.size(); ++i)
            piece[i] = char('a' + (m_bodyQueued + i) % 26);
        m_bodyQueued += piece.size();
        socket->write(piece);
    }
    if (m_bodyQueued == total && socket->bytesToWrite() == 0)
        finish(Ending::Completed);
}

void MockExchange::resume()
{
    if (!m_paused || m_done)
        return;
    m_paused = false;
    writeNextEvent();
}

void MockExchange::finish(Ending how)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    if (m_socket)
        disconnect(m_socket, nullptr, this, nullptr);
    emit ended(this, how);
}

} // namespace sluice::test
