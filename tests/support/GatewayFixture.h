#pragma once

#include "RuntimeFixture.h"

#include "Gateway.h"
#include "api/ApiKeys.h"
#include "api/ApiService.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>

namespace sluice::test {

/// A gateway on 127.0.0.1 and a free port, with a durable store in a temporary directory,
/// the EngineFixture's configuration (pool "llm") and a manual clock (no timer: tests call
/// advance(), which runs the engine and the WebSocket sessions' idle and ping timers). Requests go
/// through a real QNetworkAccessManager or a raw QTcpSocket; every wait is bounded.
struct GatewayFixture
{
    static constexpr int kWaitMs = 10'000;

    /// Runs the event loop until `done` holds or `ms` pass (no fixed wait: it returns as soon
    /// as it holds).
    template<typename Predicate> static bool waitFor(Predicate done, int ms = kWaitMs)
    {
        QDeadlineTimer deadline(ms);
        while (!done() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        return done();
    }

    QTemporaryDir dir;
    ManualClock clock{EngineFixture::kStart};
    QBuffer log;
    std::unique_ptr<Gateway> gateway;
    QNetworkAccessManager network;

    struct Answer
    {
        int status = 0;
        QByteArray body;
        QJsonObject json;
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QList<QNetworkReply::RawHeaderPair> headers;

        QString text(QLatin1StringView key) const { return json.value(key).toString(); }
        qint64 number(QLatin1StringView key) const { return json.value(key).toInteger(); }
        QByteArray header(const QByteArray &name) const
        {
            for (const auto &[key, value] : headers) {
                if (key.compare(name, Qt::CaseInsensitive) == 0)
                    return value;
            }
            return {};
        }
    };

    explicit GatewayFixture(const EngineConfig &config = EngineFixture::defaultTestConfig())
        : GatewayFixture(RuntimeFixture::toToml(config))
    {}

    /// A configuration file with this TOML.
    explicit GatewayFixture(const QByteArray &toml)
    {
        QFile file(dir.filePath(QStringLiteral("sluice.toml")));
        if (file.open(QIODevice::WriteOnly))
            file.write(toml);
        log.open(QIODevice::ReadWrite);
    }

    GatewayOptions options() const
    {
        GatewayOptions o;
        o.configPath = dir.filePath(QStringLiteral("sluice.toml"));
        o.dataDir = dir.filePath(QStringLiteral("data"));
        o.http.port = 0;
        o.logOutput = const_cast<QBuffer *>(&log);
        o.environment = QProcessEnvironment();
        o.clock = &clock;
        o.runTimer = false;
        o.shutdownGraceMs = 0;
        return o;
    }

    bool start(const GatewayOptions &o)
    {
        Result<std::unique_ptr<Gateway>> started = Gateway::start(o);
        if (!started) {
            qWarning().noquote() << started.error().message;
            return false;
        }
        gateway = std::move(started).value();
        return true;
    }
    bool start() { return start(options()); }

    Engine &engine() { return gateway->runtime().engine(); }
    void advance(qint64 ms)
    {
        clock.advance(ms);
        gateway->advance();
    }

    QUrl url(const QString &path, const QString &scheme = QStringLiteral("http")) const
    {
        return QUrl(scheme + QStringLiteral("://127.0.0.1:") + QString::number(gateway->port()) +
                    path);
    }

    QByteArray createKey(Role role, const QString &name = {})
    {
        const QString keyName = name.isEmpty() ? QStringLiteral("key-%1").arg(int(role)) : name;
        return gateway->api().keys().create(keyName, role)->key.toLatin1();
    }

    QNetworkReply *send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                        const QByteArray &key = {},
                        const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest request(url(path));
        if (!key.isEmpty())
            request.setRawHeader("X-API-Key", key);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/json"));
        return network.sendCustomRequest(request, method, body);
    }

    static Answer wait(QNetworkReply *reply)
    {
        Answer answer;
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            if (!finished.wait(kWaitMs))
                qWarning() << "no answer within" << kWaitMs << "ms";
        }
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.json = QJsonDocument::fromJson(answer.body).object();
        answer.error = reply->error();
        answer.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return answer;
    }

    Answer call(const QByteArray &method, const QString &path, const QByteArray &body = {},
                const QByteArray &key = {},
                const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        return wait(send(method, path, body, key, headers));
    }

    /// Writes raw bytes on a new connection and collects what comes back until the server
    /// closes it, `untilBytes` arrived, or the wait ends. The event loop runs meanwhile.
    QByteArray raw(const QByteArray &bytes, qsizetype untilBytes = -1)
    {
        QTcpSocket socket;
        QByteArray received;
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [&] { received += socket.readAll(); });
        QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
        QSignalSpy connected(&socket, &QTcpSocket::connected);
        socket.connectToHost(QHostAddress::LocalHost, gateway->port());
        if (!connected.wait(kWaitMs))
            return {};
        socket.write(bytes);
        QElapsedTimer timer;
        timer.start();
        while (disconnected.isEmpty() && timer.elapsed() < kWaitMs &&
               (untilBytes < 0 || received.size() < untilBytes))
            disconnected.wait(20);
        return received;
    }
};

} // namespace sluice::test
