#pragma once

#include "redis/RedisConnection.h"

#include <QObject>

namespace sluice {

/// Sluice's Redis Functions library (lua/*.lua, a Qt resource) on one connection: loaded
/// with FUNCTION LOAD REPLACE whenever the connection comes up, called with FCALL. When the
/// server has no Functions (before Redis 7) or Mode::Eval is asked for, the same Lua runs
/// as one script through EVALSHA. A call that finds the library gone (FUNCTION FLUSH, a
/// restarted server: "Function not found"; NOSCRIPT for EVALSHA) reloads it and is retried
/// once; no other failure is retried, least of all a timeout, since the call may have
/// committed: callers retry with the same request id, and admission is idempotent by it.
///
/// Threading: the connection's thread.
class RedisFunctions : public QObject
{
    Q_OBJECT
public:
    enum class Mode : quint8
    {
        Functions,
        Eval
    };
    Q_ENUM(Mode)
    using Callback = RedisConnection::Callback;

    explicit RedisFunctions(RedisConnection &connection, Mode mode = Mode::Functions,
                            QObject *parent = nullptr);

    Mode mode() const { return m_mode; }
    /// The library as FUNCTION LOAD (Functions) or EVAL (Eval) takes it.
    static QByteArray source(Mode mode);

    /// Calls `function` (e.g. "sl_admit") with `keys` and `args`.
    void call(const QByteArray &function, const QList<QByteArray> &keys,
              const QList<QByteArray> &args, Callback callback, int timeoutMs = -1);

    /// Loads the library again (after loadFailed, e.g. Redis answered LOADING); loaded() or
    /// loadFailed() says how it went.
    void reload() { load(); }

signals:
    /// The library is loaded (after each connect, and after a reload).
    void loaded();
    /// Loading failed: the sentence names Redis's error (a Lua error is a bug of ours).
    void loadFailed(const QString &error);

private:
    void load(std::function<void(const RedisReply &)> then = {});
    void send(const QByteArray &function, const QList<QByteArray> &keys,
              const QList<QByteArray> &args, Callback callback, int timeoutMs, bool retried);
    static bool libraryMissing(const RedisReply &reply);

    RedisConnection &m_connection;
    Mode m_mode;
    QByteArray m_sha; ///< Eval mode: the script's SHA1
};

} // namespace sluice
