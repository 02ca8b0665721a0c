#include "redis/RedisConnection.h"

#include "redis/RedisLogging.h"

#include <hiredis/async.h>

// The first words on a new connection: AUTH and SELECT (RedisConnection's class comment).

namespace sluice {

// AUTH and SELECT go first, before any command (hiredis keeps the order); the connection is
// ready when both have answered. Either one refused ends the connection, which is retried
// with backoff like a refused connection: the operator may fix the server's side.
void RedisConnection::sendHandshake()
{
    m_handshake.clear();
    if (!m_url.password.isEmpty()) {
        send(0, m_url.user.isEmpty()
                    ? QList<QByteArray>{"AUTH", m_url.password.toUtf8()}
                    : QList<QByteArray>{"AUTH", m_url.user.toUtf8(), m_url.password.toUtf8()});
        m_handshake.append(Step::Auth);
    }
    if (m_url.db != 0) {
        send(0, {"SELECT", QByteArray::number(m_url.db)});
        m_handshake.append(Step::Select);
    }
}

void RedisConnection::handshakeAnswered(const redisReply *reply)
{
    if (!reply || m_handshake.isEmpty())
        return; // the connection went (its own callback says why), or a step was refused
    const Step step = m_handshake.takeFirst();
    if (reply->type != REDIS_REPLY_ERROR) {
        if (m_handshake.isEmpty())
            handshakeDone();
        return;
    }
    m_handshake.clear();
    const QString said = QString::fromUtf8(reply->str, qsizetype(reply->len));
    QString why;
    if (step == Step::Select)
        why = QStringLiteral("Redis refused database %1: %2").arg(m_url.db).arg(said);
    else if (m_url.user.isEmpty())
        why = QStringLiteral("Redis refused the password: %1").arg(said);
    else
        why = QStringLiteral("Redis refused the password of user '%1': %2").arg(m_url.user, said);
    // hiredis is inside its read callback: the context goes once that has returned.
    QMetaObject::invokeMethod(
        this,
        [this, attempt = m_attemptSerial, why] {
            if (m_attemptSerial != attempt || !m_context)
                return; // that connection went already
            freeContext();
            connectionLost(why);
        },
        Qt::QueuedConnection);
}

void RedisConnection::handshakeDone()
{
    m_connectTimer.stop();
    m_state = State::Connected;
    m_attempt = 0;
    qCInfo(lcRedis) << "connected to" << m_url.toString();
    std::vector<std::pair<quint64, QList<QByteArray>>> held;
    held.swap(m_held);
    for (const auto &[id, args] : held) {
        if (m_pending.contains(id) && !send(id, args))
            finish(id, RedisReply::unavailable("the connection to Redis is closing"));
    }
    emit connected();
}

} // namespace sluice
