#pragma once

// A real sluiced (child process, temporary data directory, port 0) with keys made by
// `sluiced keys create`, and a runner for the built sluicectl against it.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace sluice::test {

using namespace Qt::StringLiterals;

inline constexpr int kCtlWaitMs = 20'000;

/// Two pools: llm (1 slot, so the second request waits) and tts (2 slots); a concurrency
/// alert that fires at once; tiers free and pro.
inline const QByteArray kCtlConfig = R"(default_tier = "free"
[pools.llm]
max_concurrent = 1
requests_per_minute = 100
max_queue_length = 50
queue_timeout_ms = 600000
lease_idle_timeout_ms = 600000
[pools.tts]
max_concurrent = 2
max_queue_length = 10
queue_timeout_ms = 600000
lease_idle_timeout_ms = 600000
[tiers.free]
daily_requests = 100
priority = 0
[tiers.pro]
daily_requests = 1000
priority = 2
[[alert_rules]]
id = "busy"
metric = "pool_concurrency"
threshold = 0.8
clear_below = 0.5
pending_ms = 0
)";

/// What one sluicectl run gave.
struct CtlResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

struct CtlFixture
{
    QTemporaryDir dir;
    QProcess daemon;
    QByteArray daemonLog;
    quint16 port = 0;
    QByteArray adminKey;
    QByteArray supportKey;
    QByteArray clientKey;
    QNetworkAccessManager network;

    QString path(const QString &name) const { return dir.filePath(name); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port); }

    QByteArray createKey(const QString &role, const QString &name)
    {
        QProcess keys;
        keys.start(QStringLiteral(SLUICED_PATH),
                   {QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--role"),
                    role, QStringLiteral("--name"), name, QStringLiteral("--data-dir"),
                    path(u"data"_s)});
        keys.waitForFinished(kCtlWaitMs);
        return keys.exitCode() == 0 ? keys.readAllStandardOutput().trimmed() : QByteArray();
    }

    /// Creates the keys and starts the gateway (with `extra` arguments, e.g. TLS); false
    /// (with a warning) when it did not start.
    bool start(const QStringList &extra = {})
    {
        QFile config(path(u"sluice.toml"_s));
        if (!config.open(QIODevice::WriteOnly))
            return false;
        config.write(kCtlConfig);
        config.close();
        adminKey = createKey(u"admin"_s, u"ops"_s);
        supportKey = createKey(u"support"_s, u"helpdesk"_s);
        clientKey = createKey(u"client"_s, u"backend"_s);
        if (!adminKey.startsWith("sk_") || !supportKey.startsWith("sk_") ||
            !clientKey.startsWith("sk_"))
            return false;
        QObject::connect(&daemon, &QProcess::readyReadStandardError, &daemon,
                         [this] { daemonLog += daemon.readAllStandardError(); });
        daemon.start(QStringLiteral(SLUICED_PATH),
                     QStringList{u"--config"_s, path(u"sluice.toml"_s), u"--data-dir"_s,
                                 path(u"data"_s), u"--listen"_s, u"127.0.0.1:0"_s} +
                         extra);
        const QRegularExpression listening(u"listening on https?://127\\.0\\.0\\.1:(\\d+)"_s);
        QSignalSpy output(&daemon, &QProcess::readyReadStandardError);
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < kCtlWaitMs && daemon.state() != QProcess::NotRunning) {
            const QRegularExpressionMatch match = listening.match(QString::fromUtf8(daemonLog));
            if (match.hasMatch()) {
                port = quint16(match.captured(1).toUInt());
                return true;
            }
            output.wait(100);
        }
        qWarning().noquote() << "sluiced did not start:" << daemonLog;
        return false;
    }

    ~CtlFixture()
    {
        // A test that failed half-way leaves the gateway running: stop it here, with nothing
        // reading its output into daemonLog (destroyed before daemon).
        QObject::disconnect(&daemon, nullptr, nullptr, nullptr);
        stop();
    }

    void stop()
    {
        if (daemon.state() == QProcess::NotRunning)
            return;
        daemon.terminate();
        daemon.waitForFinished(kCtlWaitMs);
    }

    /// The environment sluicectl runs in: the gateway and the admin key from the
    /// environment, an empty settings directory.
    QProcessEnvironment environment(const QByteArray &key) const
    {
        QProcessEnvironment env;
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        env.insert(u"HOME"_s, path(u"home"_s));
        env.insert(u"XDG_CONFIG_HOME"_s, path(u"xdg"_s));
        env.insert(u"QT_NO_GLIB"_s, u"1"_s);
        // The sanitizer build's settings (ctest --preset asan) reach sluicectl too.
        for (const char *name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
            if (qEnvironmentVariableIsSet(name))
                env.insert(QString::fromLatin1(name), qEnvironmentVariable(name));
        }
        env.insert(u"SLUICE_URL"_s, url());
        if (!key.isEmpty())
            env.insert(u"SLUICE_API_KEY"_s, QString::fromLatin1(key));
        return env;
    }

    CtlResult ctlWith(const QStringList &arguments, const QProcessEnvironment &env)
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(SLUICECTL_PATH), arguments);
        process.closeWriteChannel();
        CtlResult result;
        if (!process.waitForFinished(kCtlWaitMs)) {
            process.kill();
            process.waitForFinished();
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    /// sluicectl with the admin key.
    CtlResult ctl(const QStringList &arguments)
    {
        return ctlWith(arguments, environment(adminKey));
    }

    /// A direct API call (what a client application or another admin does).
    QJsonObject call(const QByteArray &method, const QString &route, const QByteArray &key,
                     const QByteArray &body = {}, int *status = nullptr,
                     const QByteArray &ifMatch = {})
    {
        QNetworkRequest request(QUrl(url() + route));
        request.setRawHeader("X-API-Key", key);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        if (!ifMatch.isEmpty())
            request.setRawHeader("If-Match", ifMatch);
        QNetworkReply *reply = network.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(kCtlWaitMs);
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

    /// Asks for a slot in `pool` for `user` as the client; the request id.
    QString acquire(const QString &pool, const QString &user, int *status = nullptr)
    {
        const QByteArray body =
            QJsonDocument(QJsonObject{{u"pool"_s, pool}, {u"user"_s, user}}).toJson();
        return call("POST", u"/v1/acquire"_s, clientKey, body, status)
            .value(QLatin1StringView("requestId"))
            .toString();
    }

    void release(const QString &id)
    {
        call("POST", u"/v1/requests/%1/release"_s.arg(id), clientKey, "{}");
    }
};

} // namespace sluice::test
