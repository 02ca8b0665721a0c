#include "GatewayFixture.h"

#include <QProcess>
#include <QSslConfiguration>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

/// A route that streams what the test tells it to.
struct StreamRoute
{
    QPointer<ApiReply> reply;

    void mount(ApiService &api)
    {
        api.router().add(
            HttpMethod::Get, u"/test/stream"_s, Role::None, [this](ApiRequest &, ApiReply &r) {
                reply = &r;
                r.begin(200,
                        {{"content-type", "text/event-stream"}, {"cache-control", "no-cache"}});
            });
    }
};

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

private slots:
    void answersJsonWithDate()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const auto answer = f.call("GET", u"/healthz"_s);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.text("status"_L1), u"ok"_s);
        QCOMPARE(answer.header("content-type"), QByteArray("application/json"));
        QVERIFY(answer.header("date").endsWith(" GMT"));
    }

    void streamsChunksAsTheyCome()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        StreamRoute route;
        route.mount(f.gateway->api());
        QNetworkReply *reply = f.send("GET", u"/test/stream"_s);
        QByteArray received;
        connect(reply, &QNetworkReply::readyRead, reply, [&] { received += reply->readAll(); });
        QSignalSpy metaData(reply, &QNetworkReply::metaDataChanged);
        QTRY_VERIFY_WITH_TIMEOUT(route.reply, GatewayFixture::kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!metaData.isEmpty(),
                                 GatewayFixture::kWaitMs); // head before any body
        QCOMPARE(reply->rawHeader("content-type"), QByteArray("text/event-stream"));
        route.reply->write("data: one\n\n");
        QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("data: one\n\n"), GatewayFixture::kWaitMs);
        route.reply->write("data: two\n\n");
        QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("data: one\n\ndata: two\n\n"),
                                  GatewayFixture::kWaitMs);
        QVERIFY(!reply->isFinished());
        route.reply->end();
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), GatewayFixture::kWaitMs);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        reply->deleteLater();
    }

    void tellsTheHandlerWhenTheClientLeaves()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        StreamRoute route;
        route.mount(f.gateway->api());
        QNetworkReply *reply = f.send("GET", u"/test/stream"_s);
        QTRY_VERIFY_WITH_TIMEOUT(route.reply, GatewayFixture::kWaitMs);
        QSignalSpy gone(route.reply.data(), &ApiReply::clientGone);
        reply->abort();
        QVERIFY(gone.wait(GatewayFixture::kWaitMs));
        QVERIFY(route.reply.isNull() || route.reply->isClientGone());
        reply->deleteLater();
    }

    void malformedRequestsGetA4xx_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QByteArray>("mention");
        QTest::newRow("garbage") << QByteArray("GARBAGE\r\n\r\n") << QByteArray("400")
                                 << QByteArray("request line");
        QTest::newRow("bad header") << QByteArray("GET /healthz HTTP/1.1\r\nno colon here\r\n\r\n")
                                    << QByteArray("400") << QByteArray("header line");
        QTest::newRow("unknown method") << QByteArray("BREW /healthz HTTP/1.1\r\n\r\n")
                                        << QByteArray("405") << QByteArray("BREW");
        QTest::newRow("huge length")
            << QByteArray("POST /v1/acquire HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n")
            << QByteArray("413") << QByteArray("larger than");
        QTest::newRow("bad length")
            << QByteArray("POST /v1/acquire HTTP/1.1\r\nContent-Length: -1\r\n\r\n")
            << QByteArray("400") << QByteArray("Content-Length");
        QTest::newRow("huge head")
            << "GET /healthz HTTP/1.1\r\nX-Long: " + QByteArray(70'000, 'a') + "\r\n\r\n"
            << QByteArray("431") << QByteArray("head");
    }

    void malformedRequestsGetA4xx()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        QFETCH(QByteArray, mention);
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray answer = f.raw(request);
        QVERIFY2(answer.startsWith(QByteArray("HTTP/1.1 " + status)), answer.left(200).constData());
        QVERIFY2(answer.contains(mention), answer.constData());
        QVERIFY(answer.contains("connection: close"));
        QCOMPARE(f.call("GET", u"/healthz"_s).status, 200); // still serving
    }

    void oversizedChunkedBodyIsCut()
    {
        GatewayFixture f;
        GatewayOptions o = f.options();
        o.http.limits.maxBodyBytes = 4096;
        QVERIFY(f.start(o));
        QByteArray request = "POST /v1/acquire HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 40; ++i)
            request += "1000\r\n" + QByteArray(4096, 'x') + "\r\n";
        const QByteArray answer = f.raw(request);
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(200).constData());
    }

    void answersExpectContinue()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray head =
            "POST /v1/acquire HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n";
        QVERIFY(f.raw(head, 25).startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
    }

    void keepsConnectionsAlive()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray one = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        QTcpSocket socket;
        QSignalSpy connected(&socket, &QTcpSocket::connected);
        socket.connectToHost(QHostAddress::LocalHost, f.gateway->port());
        QVERIFY(connected.wait(GatewayFixture::kWaitMs));
        for (int i = 0; i < 3; ++i) {
            socket.write(one);
            QByteArray received;
            QSignalSpy readable(&socket, &QTcpSocket::readyRead);
            while (!received.contains("{\"status\":\"ok\"}") &&
                   readable.wait(GatewayFixture::kWaitMs))
                received += socket.readAll();
            QVERIFY2(received.startsWith("HTTP/1.1 200"), received.constData());
        }
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void closesIdleAndSlowConnections()
    {
        GatewayFixture f;
        GatewayOptions o = f.options();
        o.http.limits.idleTimeoutMs = 100;
        o.http.limits.headTimeoutMs = 100;
        QVERIFY(f.start(o));
        QVERIFY(f.raw({}).isEmpty()); // idle: closed without a word
        const QByteArray partial = f.raw("GET /healthz HTTP/1.1\r\nHost: x\r\n");
        QVERIFY2(partial.startsWith("HTTP/1.1 408"), partial.constData());
    }

    void servesTls()
    {
        GatewayFixture f;
        const QString cert = f.dir.filePath(u"cert.pem"_s);
        const QString key = f.dir.filePath(u"key.pem"_s);
        const int generated =
            QProcess::execute(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s,
                                             u"-nodes"_s, u"-keyout"_s, key, u"-out"_s, cert,
                                             u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=127.0.0.1"_s});
        if (generated != 0)
            QSKIP("openssl is not available to make a test certificate");
        GatewayOptions o = f.options();
        o.http.tlsCertificate = cert;
        o.http.tlsKey = key;
        QVERIFY(f.start(o));
        QVERIFY(f.gateway->http().isTls());
        QNetworkRequest request(f.url(u"/healthz"_s, u"https"_s));
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(ssl);
        const auto answer = GatewayFixture::wait(f.network.get(request));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.text("status"_L1), u"ok"_s);

        GatewayOptions broken = f.options();
        broken.http.tlsCertificate = cert;
        broken.http.tlsKey = f.dir.filePath(u"missing.pem"_s);
        const Result<std::unique_ptr<Gateway>> started = Gateway::start(broken);
        QVERIFY(!started);
        QVERIFY2(started.error().message.contains(u"--tls-key"_s),
                 qPrintable(started.error().message));
    }

    void logsOneLinePerRequestWithoutKeys()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray key = f.createKey(Role::Client, u"billing-app"_s);
        f.call("POST", u"/v1/acquire"_s, R"({"pool":"llm","user":"u1"})", key);
        f.call("GET", u"/v1/status"_s, {}, "sk_wrong");
        f.gateway->log().flush();
        const QByteArray log = f.log.data();
        QVERIFY2(log.contains("decision pool=llm user=u1 outcome=granted"), log.constData());
        QVERIFY(log.contains("POST /v1/acquire 200 actor=billing-app"));
        QVERIFY(log.contains("GET /v1/status 401 error=UNAUTHORIZED"));
        QVERIFY(!log.contains(key));
        QVERIFY(!log.contains("sk_wrong"));
        QVERIFY(!log.contains("\"user\"")); // no bodies
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
