#include "api/WebhookSink.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

/// A webhook endpoint on 127.0.0.1 that answers each POST with the next scripted status and
/// keeps the bodies it received.
class FakeEndpoint : public QObject
{
public:
    explicit FakeEndpoint(QList<int> statuses)
        : m_statuses(std::move(statuses))
    {
        server.listen(QHostAddress::LocalHost);
        QObject::connect(&server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = server.nextPendingConnection())
                QObject::connect(socket, &QTcpSocket::readyRead, this,
                                 [this, socket] { read(socket); });
        });
    }

    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/hook"_s.arg(server.serverPort())); }

    QTcpServer server;
    QList<QJsonObject> bodies;

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const qsizetype lengthAt = buffer.toLower().indexOf("content-length:");
        const qint64 length =
            buffer.mid(lengthAt + 15, buffer.indexOf("\r\n", lengthAt) - lengthAt - 15)
                .trimmed()
                .toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        bodies.append(QJsonDocument::fromJson(buffer.mid(end + 4, length)).object());
        buffer.remove(0, end + 4 + length);
        const int status = m_statuses.isEmpty() ? 200 : m_statuses.takeFirst();
        socket->write("HTTP/1.1 " + QByteArray::number(status) +
                      " X\r\nContent-Length: 0\r\nRetry-After: 0\r\n\r\n");
    }

    QList<int> m_statuses;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

AlertEvent firedEvent(qint64 id)
{
    AlertEvent event;
    event.kind = AlertEvent::Kind::Fired;
    event.record.id = id;
    event.record.ruleId = u"pool-concurrency"_s;
    event.record.metric = u"pool_concurrency"_s;
    event.record.target = u"anthropic"_s;
    event.record.threshold = 0.8;
    event.record.peak = 0.8;
    event.record.message = u"anthropic concurrency at 80% (4 of 5)"_s;
    return event;
}

} // namespace

class TestWebhookSink : public QObject
{
    Q_OBJECT

private slots:
    void payloadWorksForSlack()
    {
        const QJsonObject payload = WebhookSink::payload(firedEvent(7));
        QCOMPARE(payload.value("text"_L1).toString(),
                 u"[Sluice] FIRING: anthropic concurrency at 80% (4 of 5)"_s);
        QCOMPARE(payload.value("event"_L1).toString(), u"fired"_s);
        QCOMPARE(payload.value("alert"_L1).toObject().value("id"_L1).toInteger(), 7);
        AlertEvent test = firedEvent(8);
        test.kind = AlertEvent::Kind::Test;
        QVERIFY(WebhookSink::payload(test).value("text"_L1).toString().startsWith(
            u"[Sluice] test alert"_s));
    }

    void retriesUntilDelivered()
    {
        FakeEndpoint endpoint({503, 429, 200});
        WebhookSink sink({5, 1, 20, 5000, 10});
        sink.setUrl(endpoint.url());
        QSignalSpy delivered(&sink, &WebhookSink::delivered);
        sink.send(firedEvent(1));
        QVERIFY(delivered.wait(10'000));
        QCOMPARE(delivered.first().at(0).toLongLong(), 1);
        QCOMPARE(delivered.first().at(1).toInt(), 3);
        QCOMPARE(endpoint.bodies.size(), 3);
        QCOMPARE(endpoint.bodies.last().value("event"_L1).toString(), u"fired"_s);
    }

    void givesUpOnPermanentErrors()
    {
        FakeEndpoint endpoint({404});
        WebhookSink sink({5, 1, 20, 5000, 10});
        sink.setUrl(endpoint.url());
        QSignalSpy givenUp(&sink, &WebhookSink::givenUp);
        sink.send(firedEvent(2));
        QVERIFY(givenUp.wait(10'000));
        QCOMPARE(givenUp.first().at(1).toString(), u"HTTP 404"_s);
        QCOMPARE(endpoint.bodies.size(), 1);
    }

    void givesUpAfterMaxAttempts()
    {
        FakeEndpoint endpoint({503, 503, 503, 503});
        WebhookSink sink({3, 1, 20, 5000, 10});
        sink.setUrl(endpoint.url());
        QSignalSpy givenUp(&sink, &WebhookSink::givenUp);
        sink.send(firedEvent(3));
        QVERIFY(givenUp.wait(10'000));
        QCOMPARE(endpoint.bodies.size(), 3);
    }

    void sendingNeverBlocksAndQueueIsBounded()
    {
        WebhookSink sink({1, 1, 20, 5000, 3});
        QSignalSpy givenUp(&sink, &WebhookSink::givenUp);
        sink.setUrl(QUrl(u"http://127.0.0.1:1/unreachable"_s));
        for (int i = 1; i <= 10; ++i)
            sink.send(firedEvent(i)); // returns at once
        QVERIFY(sink.pending() <= 4);
        QVERIFY(givenUp.size() >= 6); // the oldest queued ones were dropped
        sink.setUrl({});
        sink.send(firedEvent(99));
        QVERIFY(sink.pending() <= 1);
    }
};

QTEST_GUILESS_MAIN(TestWebhookSink)
#include "tst_webhooksink.moc"
