#include "redis/RedisConnection.h"

#include "redis/RedisLogging.h"

#include <hiredis/adapters/qt.h>
#include <hiredis/async.h>

#include <QRandomGenerator>

#include <chrono>
#include <cstdint>

namespace sluice {

namespace {

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

RedisConnection *owner(const redisAsyncContext *context)
{
    return static_cast<RedisConnection *>(context->data);
}

} // namespace

RedisConnection::RedisConnection(RedisUrl url, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
{
    m_timeoutTimer.setSingleShot(true);
    m_connectTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &RedisConnection::expireOverdue);
    connect(&m_retryTimer, &QTimer::timeout, this, &RedisConnection::startConnecting);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        if (m_state != State::Connecting)
            return;
        freeContext();
        connectionLost(m_transportUp
                           ? QStringLiteral("%1 did not answer AUTH or SELECT within %2 ms")
                                 .arg(m_url.toString())
                                 .arg(m_connectTimeoutMs)
                           : QStringLiteral("no connection to %1 within %2 ms")
                                 .arg(m_url.toString())
                                 .arg(m_connectTimeoutMs));
    });
}

RedisConnection::~RedisConnection()
{
    m_destroying = true;
    m_state = State::Closed;
    freeContext();
}

void RedisConnection::setBackoff(int firstMs, int maxMs)
{
    m_backoffFirstMs = qMax(1, firstMs);
    m_backoffMaxMs = qMax(m_backoffFirstMs, maxMs);
}

void RedisConnection::open()
{
    if (m_state == State::Closed)
        startConnecting();
}

void RedisConnection::close()
{
    m_state = State::Closed;
    m_retryTimer.stop();
    m_connectTimer.stop();
    freeContext();
    failAllPending("the connection to Redis was closed");
}

void RedisConnection::startConnecting()
{
    m_state = State::Connecting;
    m_transportUp = false;
    ++m_attemptSerial;
    const QByteArray host = m_url.host.toUtf8();
    redisAsyncContext *context = redisAsyncConnect(host.constData(), m_url.port);
    if (!context || context->err) {
        const QString reason =
            context ? QString::fromUtf8(context->errstr) : QStringLiteral("out of memory");
        if (context)
            redisAsyncFree(context);
        connectionLost(reason);
        return;
    }
    m_context = context;
    context->data = this;
    m_adapter = new RedisQtAdapter;
    m_adapter->setContext(context);
    redisAsyncSetConnectCallback(context, &RedisConnection::onConnect);
    redisAsyncSetDisconnectCallback(context, &RedisConnection::onDisconnect);
    sendHandshake();
    m_connectTimer.start(m_connectTimeoutMs);
}

void RedisConnection::onConnect(const redisAsyncContext *context, int status)
{
    RedisConnection *self = owner(context);
    if (!self || self->m_context != context)
        return;
    if (status != REDIS_OK) {
        const QString reason = QString::fromUtf8(context->errstr);
        self->detachAdapter();
        self->m_context = nullptr; // hiredis frees it when this returns
        self->connectionLost(reason);
        return;
    }
    self->m_transportUp = true;
    if (self->m_handshake.isEmpty())
        self->handshakeDone();
}

void RedisConnection::onDisconnect(const redisAsyncContext *context, int status)
{
    RedisConnection *self = owner(context);
    if (!self || self->m_context != context)
        return; // our own free, or an old context
    const QString reason = status == REDIS_OK || !context->err
                               ? QStringLiteral("Redis closed the connection")
                               : QString::fromUtf8(context->errstr);
    self->detachAdapter();
    self->m_context = nullptr; // hiredis frees it when this returns
    self->connectionLost(reason);
}

void RedisConnection::onReply(redisAsyncContext *context, void *reply, void *privdata)
{
    RedisConnection *self = owner(context);
    const auto id = quint64(reinterpret_cast<std::uintptr_t>(privdata));
    if (!self)
        return;
    if (id == 0) // AUTH or SELECT
        return self->handshakeAnswered(static_cast<const redisReply *>(reply));
    self->finish(id, reply ? RedisReply::fromHiredis(*static_cast<redisReply *>(reply))
                           : RedisReply::unavailable("the connection to Redis was lost"));
}

void RedisConnection::connectionLost(const QString &reason)
{
    m_connectTimer.stop();
    qCWarning(lcRedis) << m_url.toString() << reason;
    failAllPending(reason.toUtf8());
    if (m_state == State::Closed)
        return;
    scheduleRetry();
    emit disconnected(reason);
}

void RedisConnection::scheduleRetry()
{
    m_state = State::WaitingToRetry;
    const qint64 grown = qint64(m_backoffFirstMs) << qMin(m_attempt, 20);
    const qint64 delay = qMin<qint64>(m_backoffMaxMs, grown);
    ++m_attempt;
    m_retryTimer.start(int(delay / 2 + QRandomGenerator::global()->bounded(delay / 2 + 1)));
}

// hiredis 0.14.1's RedisQtAdapter writes into the context in its destructor, and its cleanup
// hook dereferences the adapter: so the adapter goes while the context is still alive, after
// its notifiers, and the context is told to call nothing of it any more.
void RedisConnection::detachAdapter()
{
    if (!m_adapter)
        return;
    if (m_context) {
        if (m_context->ev.cleanup)
            m_context->ev.cleanup(m_context->ev.data);
        m_context->ev.addRead = nullptr;
        m_context->ev.delRead = nullptr;
        m_context->ev.addWrite = nullptr;
        m_context->ev.delWrite = nullptr;
        m_context->ev.cleanup = nullptr;
    }
    delete m_adapter;
    m_adapter = nullptr;
}

void RedisConnection::freeContext()
{
    if (!m_context)
        return;
    detachAdapter();
    redisAsyncContext *context = m_context;
    m_context = nullptr;
    redisAsyncFree(context);
}

void RedisConnection::command(const QList<QByteArray> &args, Callback callback, int timeoutMs)
{
    const int timeout = timeoutMs < 0 ? m_commandTimeoutMs : timeoutMs;
    const auto failLater = [this, callback](const QByteArray &why) {
        QMetaObject::invokeMethod(
            this, [callback, why] { callback(RedisReply::unavailable(why)); },
            Qt::QueuedConnection);
    };
    if (!m_context || (m_state != State::Connected && m_state != State::Connecting)) {
        failLater("not connected to Redis at " + m_url.toString().toUtf8());
        return;
    }
    const quint64 id = m_nextId++;
    // Behind a refused AUTH, a command would run as the connection's previous user: it waits.
    if (m_state == State::Connecting)
        m_held.emplace_back(id, args);
    else if (!send(id, args)) {
        failLater("the connection to Redis is closing");
        return;
    }
    const auto deadline = m_deadlines.emplace(steadyMs() + timeout, id);
    m_pending.emplace(id, Pending{std::move(callback), deadline, timeout});
    armTimeoutTimer();
}

bool RedisConnection::send(quint64 id, const QList<QByteArray> &args)
{
    QVarLengthArray<const char *, 16> argv;
    QVarLengthArray<size_t, 16> lengths;
    for (const QByteArray &arg : args) {
        argv.append(arg.constData());
        lengths.append(size_t(arg.size()));
    }
    return redisAsyncCommandArgv(m_context, &RedisConnection::onReply,
                                 reinterpret_cast<void *>(std::uintptr_t(id)), int(argv.size()),
                                 argv.data(), lengths.data()) == REDIS_OK;
}

void RedisConnection::finish(quint64 id, const RedisReply &reply)
{
    const auto found = m_pending.find(id);
    if (found == m_pending.end())
        return; // timed out already: a late answer is dropped
    Callback callback = std::move(found->second.callback);
    m_deadlines.erase(found->second.deadline);
    m_pending.erase(found);
    if (!m_destroying)
        callback(reply);
}

void RedisConnection::failAllPending(const QByteArray &why)
{
    std::unordered_map<quint64, Pending> pending;
    pending.swap(m_pending);
    m_held.clear();
    m_deadlines.clear();
    m_timeoutTimer.stop();
    if (m_destroying)
        return;
    std::map<quint64, Callback> inOrder;
    for (auto &[id, entry] : pending)
        inOrder.emplace(id, std::move(entry.callback));
    for (auto &[id, callback] : inOrder)
        callback(RedisReply::unavailable(why));
}

void RedisConnection::armTimeoutTimer()
{
    if (m_deadlines.empty()) {
        m_timeoutTimer.stop();
        return;
    }
    const qint64 first = m_deadlines.begin()->first;
    if (m_timeoutTimer.isActive() && m_armedFor <= first)
        return; // fires early at worst, and re-arms
    m_armedFor = first;
    m_timeoutTimer.start(int(qMax<qint64>(0, first - steadyMs())));
}

void RedisConnection::expireOverdue()
{
    const qint64 now = steadyMs();
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        const quint64 id = m_deadlines.begin()->second;
        const int after = m_pending.at(id).timeoutMs;
        finish(id, RedisReply::timeout(after));
    }
    armTimeoutTimer();
}

} // namespace sluice
