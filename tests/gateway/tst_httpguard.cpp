#include "GatewayFixture.h"

#include <QTest>
#include <QTimer>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

/// A raw client connection that collects what the server sends.
struct RawClient
{
    QTcpSocket socket;
    QByteArray received;
    bool closed = false;

    explicit RawClient(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [this] { received += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool connected() { return socket.waitForConnected(GatewayFixture::kWaitMs); }
};

const QByteArray kWsKey = "dGhlIHNhbXBsZSBub25jZQ=="; // RFC 6455's sample: 16 bytes

QByteArray upgrade(const QByteArray &key, const QByteArray &version = "13",
                   const QByteArray &connection = "Upgrade")
{
    QByteArray head =
        "GET /v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: " + connection +
        "\r\nSec-WebSocket-Version: " + version + "\r\n";
    if (!key.isNull())
        head += "Sec-WebSocket-Key: " + key + "\r\n";
    return head + "\r\n";
}

} // namespace

/// The transport's defences: framing that RFC 9112 and RFC 6455 refuse, deadlines that a
/// trickle of bytes does not extend, connection caps, heads refused before their bodies.
class TestHttpGuard : public QObject
{
    Q_OBJECT

private slots:
    void ambiguousFramingIsRefused_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("length then chunked")
            << QByteArray("POST /v1/acquire HTTP/1.1\r\nContent-Length: 5\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        QTest::newRow("chunked then length")
            << QByteArray("POST /v1/acquire HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                          "Content-Length: 5\r\n\r\n0\r\n\r\n");
        QTest::newRow("gzip and length")
            << QByteArray("POST /v1/acquire HTTP/1.1\r\nTransfer-Encoding: gzip\r\n"
                          "Content-Length: 2\r\n\r\n{}");
        QTest::newRow("chunked not last")
            << QByteArray("POST /v1/acquire HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"
                          "0\r\n\r\n");
        QTest::newRow("bare CR in a value")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n");
        QTest::newRow("bare CR ends a value")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ab\r\r\n\r\n");
        QTest::newRow("folded header")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n");
        QTest::newRow("header folded with a tab")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tb\r\n\r\n");
    }

    void ambiguousFramingIsRefused()
    {
        QFETCH(QByteArray, request);
        GatewayFixture f;
        QVERIFY(f.start());
        RawClient client(f.gateway->port());
        QVERIFY(client.connected());
        client.socket.write(request + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(client.closed, GatewayFixture::kWaitMs);
        QVERIFY2(client.received.startsWith("HTTP/1.1 400"), client.received.constData());
        QVERIFY(client.received.contains("connection: close"));
        QCOMPARE(client.received.count("HTTP/1.1"), 1); // nothing after it was served
    }

    void invalidWebSocketHandshakeGetsNo101_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("no key") << upgrade({}) << QByteArray("400");
        QTest::newRow("key not base64") << upgrade("!!!!") << QByteArray("400");
        QTest::newRow("key of 15 bytes")
            << upgrade(QByteArray(15, 'k').toBase64()) << QByteArray("400");
        QTest::newRow("key of 17 bytes")
            << upgrade(QByteArray(17, 'k').toBase64()) << QByteArray("400");
        QTest::newRow("version 8") << upgrade(kWsKey, "8") << QByteArray("426");
        QTest::newRow("no connection upgrade")
            << upgrade(kWsKey, "13", "keep-alive") << QByteArray("400");
        QTest::newRow("post") << "POST" + upgrade(kWsKey).mid(3) << QByteArray("400");
    }

    void invalidWebSocketHandshakeGetsNo101()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray answer = f.raw(request);
        QVERIFY2(answer.startsWith(QByteArray("HTTP/1.1 " + status)), answer.constData());
        QVERIFY(!answer.contains("101"));
    }

    void validWebSocketHandshakeGets101()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray answer = f.raw(upgrade(kWsKey), 12);
        QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.constData());
        QVERIFY(answer.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")); // RFC 6455's sample accept
    }

    void unmaskedClientFrameIsRefused()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        RawClient client(f.gateway->port());
        QVERIFY(client.connected());
        client.socket.write(upgrade(kWsKey));
        QTRY_VERIFY_WITH_TIMEOUT(client.received.contains("\r\n\r\n"), GatewayFixture::kWaitMs);
        QVERIFY2(client.received.startsWith("HTTP/1.1 101"), client.received.constData());
        client.received.clear();
        const QByteArray text = R"({"type":"subscribe","requestId":"x"})";
        client.socket.write(QByteArray("\x81", 1) + char(text.size()) + text); // no mask bit
        QTRY_VERIFY_WITH_TIMEOUT(client.closed, GatewayFixture::kWaitMs);
        // A close frame with 1002 (protocol error), and nothing answered to the message.
        QVERIFY2(client.received.startsWith(QByteArray("\x88\x02\x03\xea", 4)),
                 client.received.toHex().constData());
    }

    void trickledHeadTimesOut()
    {
        GatewayFixture f;
        GatewayOptions o = f.options();
        o.http.limits.headTimeoutMs = 300;
        QVERIFY(f.start(o));
        RawClient client(f.gateway->port());
        QVERIFY(client.connected());
        const QByteArray head = "GET /healthz HTTP/1.1\r\nX-Slow: " + QByteArray(4000, 'a');
        qsizetype sent = 0;
        QTimer trickle;
        connect(&trickle, &QTimer::timeout, &client.socket, [&] {
            if (sent < head.size())
                client.socket.write(head.mid(sent++, 1));
        });
        trickle.start(20); // a byte every 20 ms: each well within the deadline
        QTRY_VERIFY_WITH_TIMEOUT(client.closed, GatewayFixture::kWaitMs);
        QVERIFY2(client.received.startsWith("HTTP/1.1 408"), client.received.constData());
        QVERIFY(sent < head.size());
    }

    void trickledBodyTimesOut()
    {
        GatewayFixture f;
        GatewayOptions o = f.options();
        o.http.limits.bodyTimeoutMs = 300;
        QVERIFY(f.start(o));
        RawClient client(f.gateway->port());
        QVERIFY(client.connected());
        client.socket.write("POST /v1/acquire HTTP/1.1\r\nContent-Length: 4000\r\n\r\n");
        qsizetype sent = 0;
        QTimer trickle;
        connect(&trickle, &QTimer::timeout, &client.socket, [&] {
            if (sent < 4000)
                client.socket.write(" ");
            ++sent;
        });
        trickle.start(20);
        QTRY_VERIFY_WITH_TIMEOUT(client.closed, GatewayFixture::kWaitMs);
        QVERIFY2(client.received.startsWith("HTTP/1.1 408"), client.received.constData());
        QVERIFY(sent < 4000);
    }

    void connectionsAreCappedPerAddress()
    {
        GatewayFixture f;
        GatewayOptions o = f.options();
        o.http.limits.maxConnectionsPerAddress = 3;
        QVERIFY(f.start(o));
        std::vector<std::unique_ptr<RawClient>> held;
        for (int i = 0; i < 3; ++i) {
            held.push_back(std::make_unique<RawClient>(f.gateway->port()));
            QVERIFY(held.back()->connected());
        }
        // The held ones are counted before the next comes.
        held.back()->socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(held.back()->received.contains("ok"), GatewayFixture::kWaitMs);
        const QByteArray refused = f.raw({});
        QVERIFY2(refused.startsWith("HTTP/1.1 503"), refused.constData());
        QVERIFY(refused.contains("retry-after: "));
        QVERIFY(refused.contains("connection: close"));
        held.pop_back();
        QTRY_COMPARE_WITH_TIMEOUT(f.call("GET", u"/healthz"_s).status, 200,
                                  GatewayFixture::kWaitMs);
    }

    void connectionsAreCappedInTotal()
    {
        GatewayFixture f;
        GatewayOptions o = f.options();
        o.http.limits.maxConnections = 2;
        QVERIFY(f.start(o));
        RawClient one(f.gateway->port());
        RawClient two(f.gateway->port());
        QVERIFY(one.connected() && two.connected());
        two.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(two.received.contains("ok"), GatewayFixture::kWaitMs);
        const QByteArray refused = f.raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY2(refused.startsWith("HTTP/1.1 503"), refused.constData());
        QVERIFY(refused.contains("retry-after: "));
    }

    void badKeyIsAnsweredBeforeTheBody()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        RawClient client(f.gateway->port());
        QVERIFY(client.connected());
        client.socket.write("POST /v1/acquire HTTP/1.1\r\nX-API-Key: sk_wrong\r\n"
                            "Content-Length: 500000\r\n\r\n{");
        QTRY_VERIFY_WITH_TIMEOUT(client.closed, GatewayFixture::kWaitMs);
        QVERIFY2(client.received.startsWith("HTTP/1.1 401"), client.received.constData());
        QVERIFY(client.received.contains("connection: close"));
    }
};

QTEST_GUILESS_MAIN(TestHttpGuard)
#include "tst_httpguard.moc"
