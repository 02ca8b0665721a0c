#include "redis/RedisFunctions.h"

#include "redis/RedisLogging.h"

#include <QCryptographicHash>
#include <QFile>

namespace sluice {

namespace {

QByteArray resource(const char *name)
{
    QFile file(QStringLiteral(":/redis/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the Redis function library's resource %s is missing", name);
    return file.readAll();
}

QByteArray body()
{
    return resource("common.lua") + resource("queue.lua") + resource("functions.lua") +
           resource("operations.lua");
}

} // namespace

RedisFunctions::RedisFunctions(RedisConnection &connection, Mode mode, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_mode(mode)
{
    if (m_mode == Mode::Eval)
        m_sha = QCryptographicHash::hash(source(Mode::Eval), QCryptographicHash::Sha1).toHex();
    connect(&m_connection, &RedisConnection::connected, this, [this] { load(); });
}

QByteArray RedisFunctions::source(Mode mode)
{
    if (mode == Mode::Functions) {
        return "#!lua name=sluice\n"
               "local function register(name, fn) redis.register_function(name, fn) end\n"
               "local function register_ro(name, fn)\n"
               "  redis.register_function{function_name = name, callback = fn,"
               " flags = {'no-writes'}}\n"
               "end\n" +
               body();
    }
    return "local registry = {}\n"
           "local function register(name, fn) registry[name] = fn end\n"
           "local register_ro = register\n" +
           body() +
           "\nlocal args = {}\n"
           "for i = 2, #ARGV do args[i - 1] = ARGV[i] end\n"
           "return registry[ARGV[1]](KEYS, args)\n";
}

void RedisFunctions::load(std::function<void(const RedisReply &)> then)
{
    const QByteArray code = source(m_mode);
    QList<QByteArray> command = m_mode == Mode::Functions
                                    ? QList<QByteArray>{"FUNCTION", "LOAD", "REPLACE", code}
                                    : QList<QByteArray>{"SCRIPT", "LOAD", code};
    // Loading compiles the library: give it more than a decision's timeout.
    m_connection.command(
        command,
        [this, then](const RedisReply &reply) {
            if (m_mode == Mode::Functions && reply.errorCode() == "ERR" &&
                reply.text.contains("unknown command")) {
                qCInfo(lcRedis) << "Redis has no Functions (before 7.0): using EVALSHA";
                m_mode = Mode::Eval;
                m_sha =
                    QCryptographicHash::hash(source(Mode::Eval), QCryptographicHash::Sha1).toHex();
                load(then);
                return;
            }
            if (reply.failed()) {
                const QString error = QStringLiteral("loading Sluice's Redis functions failed: %1")
                                          .arg(QString::fromUtf8(reply.text));
                qCWarning(lcRedis).noquote() << error;
                emit loadFailed(error);
            } else {
                emit loaded();
            }
            if (then)
                then(reply);
        },
        qMax(2000, m_connection.commandTimeout()));
}

void RedisFunctions::call(const QByteArray &function, const QList<QByteArray> &keys,
                          const QList<QByteArray> &args, Callback callback, int timeoutMs)
{
    send(function, keys, args, std::move(callback), timeoutMs, false);
}

bool RedisFunctions::libraryMissing(const RedisReply &reply)
{
    return reply.failure == RedisReply::Failure::ServerError &&
           (reply.errorCode() == "NOSCRIPT" || reply.text.contains("Function not found"));
}

void RedisFunctions::send(const QByteArray &function, const QList<QByteArray> &keys,
                          const QList<QByteArray> &args, Callback callback, int timeoutMs,
                          bool retried)
{
    QList<QByteArray> command;
    command.reserve(keys.size() + args.size() + 4);
    if (m_mode == Mode::Functions)
        command << "FCALL" << function << QByteArray::number(keys.size()) << keys << args;
    else
        command << "EVALSHA" << m_sha << QByteArray::number(keys.size()) << keys << function
                << args;
    m_connection.command(
        command,
        [=, this](const RedisReply &reply) {
            if (retried || !libraryMissing(reply)) {
                callback(reply);
                return;
            }
            qCInfo(lcRedis) << "the function library is gone from Redis; reloading it";
            load([=, this](const RedisReply &loadReply) {
                if (loadReply.failed())
                    callback(loadReply);
                else
                    send(function, keys, args, callback, timeoutMs, true);
            });
        },
        timeoutMs);
}

} // namespace sluice
