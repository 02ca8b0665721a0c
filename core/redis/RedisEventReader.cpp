#include "redis/RedisEventReader.h"

#include "redis/RedisLogging.h"

#include <QPointer>
#include <QTimer>

namespace sluice {

RedisEventReader::RedisEventReader(RedisConnection &connection, QByteArray streamKey,
                                   QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_stream(std::move(streamKey))
{
    connect(&m_connection, &RedisConnection::connected, this, &RedisEventReader::readNext);
}

void RedisEventReader::start(const QByteArray &lastId)
{
    m_lastId = lastId;
    m_running = true;
    if (m_connection.state() == RedisConnection::State::Connected)
        readNext();
}

void RedisEventReader::stop()
{
    m_running = false;
}

void RedisEventReader::readNext()
{
    if (!m_running || m_reading || m_connection.state() != RedisConnection::State::Connected)
        return;
    m_reading = true;
    QPointer<RedisEventReader> self(this);
    if (m_lastId == "$") {
        // Pin "the end" to an id first, so that a disconnect before the first event loses
        // nothing written meanwhile.
        m_connection.command(
            {"XREVRANGE", m_stream, "+", "-", "COUNT", "1"}, [self](const RedisReply &reply) {
                RedisEventReader *reader = self.data();
                if (!reader)
                    return;
                reader->m_reading = false;
                if (!reply.failed()) {
                    reader->m_lastId =
                        reply.elements.isEmpty() || reply.elements.at(0).elements.isEmpty()
                            ? QByteArray("0-0")
                            : reply.elements.at(0).elements.at(0).text;
                }
                reader->readNext();
            });
        return;
    }
    // The read blocks in Redis for up to m_blockMs: its timeout is that plus the usual one.
    m_connection.command(
        {"XREAD", "COUNT", "512", "BLOCK", QByteArray::number(m_blockMs), "STREAMS", m_stream,
         m_lastId},
        [self](const RedisReply &reply) {
            if (RedisEventReader *reader = self.data())
                reader->handle(reply);
        },
        m_blockMs + m_connection.commandTimeout());
}

void RedisEventReader::handle(const RedisReply &reply)
{
    m_reading = false;
    if (reply.failed()) {
        // A lost connection reads again when it is back (connected()); a timeout or an error
        // on a live one reads again at once.
        // A server error (e.g. LOADING while Redis reads its AOF) waits a little first, so
        // that it is not asked again in a tight loop.
        if (reply.failure == RedisReply::Failure::ServerError) {
            qCWarning(lcRedis) << "reading events:" << reply.text;
            QTimer::singleShot(kErrorRetryMs, this, &RedisEventReader::readNext);
        } else if (reply.failure == RedisReply::Failure::Timeout) {
            readNext();
        }
        return;
    }
    // [[stream, [[id, [field, value, ...]], ...]]], or nil when the block timed out.
    for (const RedisReply &stream : reply.elements) {
        if (stream.elements.size() < 2)
            continue;
        for (const RedisReply &entry : stream.elements.at(1).elements) {
            if (entry.elements.size() < 2)
                continue;
            RedisEvent e;
            e.streamId = entry.elements.at(0).text;
            const QList<RedisReply> &fields = entry.elements.at(1).elements;
            for (qsizetype i = 0; i + 1 < fields.size(); i += 2) {
                const QByteArray &name = fields.at(i).text;
                const QString value = QString::fromUtf8(fields.at(i + 1).text);
                if (name == "type")
                    e.type = value;
                else if (name == "pool")
                    e.pool = value;
                else if (name == "id")
                    e.id = value;
                else if (name == "owner")
                    e.owner = value;
                else if (name == "reason")
                    e.reason = value;
            }
            m_lastId = e.streamId;
            emit received(e);
        }
    }
    readNext();
}

} // namespace sluice
