#pragma once

#include "redis/RedisConnection.h"

#include <QObject>

namespace sluice {

/// One event the functions wrote to the deployment's stream ({S}:events): a ticket granted,
/// a lease expired, a ticket dropped. `owner` is the replica that holds the request.
struct RedisEvent
{
    QByteArray streamId; ///< e.g. "1796599727671-0"
    QString type;        ///< grant, expire, drop
    QString pool;
    QString id;
    QString owner;
    QString reason; ///< drop and expire: the wire code, e.g. TIMEOUT
};

/// Follows the event stream with XREAD BLOCK on a connection of its own (a blocked read
/// must not hold up decisions), from the id it last saw: after a reconnect it resumes there,
/// so no event is lost to a disconnect (unlike pub/sub). It starts at the stream's end
/// ("$", pinned to the last id before the first read) unless given an id.
///
/// Threading: the connection's thread.
class RedisEventReader : public QObject
{
    Q_OBJECT
public:
    static constexpr int kErrorRetryMs = 200;

    RedisEventReader(RedisConnection &connection, QByteArray streamKey, QObject *parent = nullptr);

    /// Starts reading after `lastId` ("$": only what comes from now on; "0": everything).
    void start(const QByteArray &lastId = "$");
    void stop();
    QByteArray lastId() const { return m_lastId; }
    void setBlockMs(int ms) { m_blockMs = ms; }

signals:
    void received(const RedisEvent &event);

private:
    void readNext();
    void handle(const RedisReply &reply);

    RedisConnection &m_connection;
    QByteArray m_stream;
    QByteArray m_lastId = "$";
    int m_blockMs = 1000;
    bool m_running = false;
    bool m_reading = false;
};

} // namespace sluice
