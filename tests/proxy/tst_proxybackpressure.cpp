// A client that does not read slows its upstream instead of growing the gateway's memory:
// the proxy stops reading the upstream while the client's buffer is over
// ProxyExchange::kClientBufferBytes, what it holds stays a few MB whatever the answer's
// size, the mock provider's writes stall, and a client that reads later gets every byte.
#include "ProxyExchange.h"
#include "ProxyFixture.h"

#include <QTcpSocket>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

/// Reads a chunked HTTP/1.1 answer as it arrives and checks the LargeBody pattern.
struct ChunkedReader
{
    QByteArray buffer;
    bool headDone = false;
    int status = 0;
    qint64 received = 0;
    bool intact = true;
    bool complete = false;

    void feed(const QByteArray &data)
    {
        buffer += data;
        if (!headDone) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            status = buffer.mid(9, 3).toInt();
            buffer.remove(0, end + 4);
            headDone = true;
        }
        while (!complete) {
            const qsizetype line = buffer.indexOf("\r\n");
            if (line < 0)
                return;
            bool ok = false;
            const qint64 size = buffer.left(line).toLongLong(&ok, 16);
            intact = intact && ok;
            if (!ok || buffer.size() < line + 2 + size + 2)
                return;
            const char *piece = buffer.constData() + line + 2;
            for (qint64 i = 0; i < size && intact; ++i)
                intact = piece[i] == char('a' + (received + i) % 26);
            received += size;
            complete = size == 0;
            buffer.remove(0, line + 2 + size + 2);
        }
    }
};

} // namespace

class TestProxyBackpressure : public QObject
{
    Q_OBJECT

private slots:
    void slowReaderSlowsTheUpstream()
    {
        constexpr qint64 kBody = 40 << 20;
        // What the proxy holds: the sink's limit plus what QNetworkAccessManager takes in
        // ahead of the read limit (measured 3.7-9 MB on loopback); without flow control
        // it is most of the body.
        constexpr qint64 kBound = 16 << 20;
        ProxyFixture f;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::largeBody(kBody));
        qint64 maxBuffered = 0;
        qint64 upstreamSent = 0;
        const auto sample = [&] { maxBuffered = std::max(maxBuffered, f.proxy->bufferedBytes()); };
        QObject::connect(f.mock.get(), &MockProvider::bodyBytesSent, f.mock.get(),
                         [&](qint64 total) {
                             upstreamSent = total;
                             sample();
                         });

        // A client that sends its request and then reads nothing: its socket takes 64 KiB,
        // then the kernel's buffers fill, then the proxy's writes to it stall.
        QTcpSocket client;
        client.setReadBufferSize(64 << 10);
        client.connectToHost(QHostAddress::LocalHost, f.server->baseUrl().port());
        QVERIFY(client.waitForConnected(5000));
        const QByteArray body = ProxyFixture::messagesBody(false);
        client.write("POST /proxy/anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "x-api-key: " + ProxyFixture::kClientKey + "\r\nx-sluice-user: alice\r\n"
                     "content-type: application/json\r\ncontent-length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QTRY_COMPARE_WITH_TIMEOUT(f.proxy->pausedUpstreams(), 1, 20'000);
        sample();
        // The upstream is stalled: what it sent is what the buffers on the way hold. The
        // kernel may still grow its socket buffers a little (a trickle of 64 KiB segments).
        QSignalSpy progress(f.mock.get(), &MockProvider::bodyBytesSent);
        progress.wait(300);
        const qint64 stalledAt = upstreamSent;
        progress.wait(500);
        QVERIFY2(upstreamSent - stalledAt < (1 << 20),
                 qPrintable(u"the upstream sent %1 more bytes to a client that reads nothing"_s
                                .arg(upstreamSent - stalledAt)));
        QVERIFY2(stalledAt < kBody / 2, qPrintable(QString::number(stalledAt)));
        QVERIFY2(maxBuffered <= kBound, qPrintable(QString::number(maxBuffered)));
        QCOMPARE(f.poolStatus().inUse, 1);

        // Now the client reads everything, and gets every byte in order.
        ChunkedReader reader;
        QObject::connect(&client, &QTcpSocket::readyRead, &client, [&] {
            reader.feed(client.readAll());
            sample();
        });
        reader.feed(client.readAll());
        QTRY_VERIFY_WITH_TIMEOUT(reader.complete || !reader.intact, 60'000);
        QCOMPARE(reader.status, 200);
        QVERIFY(reader.intact);
        QCOMPARE(reader.received, kBody);
        QVERIFY2(maxBuffered <= kBound, qPrintable(QString::number(maxBuffered)));
        QTRY_COMPARE(f.outcomes.size(), 1);
        QCOMPARE(f.outcomes.first().ending, u"completed"_s);
        QCOMPARE(f.poolStatus().inUse, 0);
        qInfo("upstream stalled at %lld of %lld bytes; the gateway held at most %lld bytes",
              stalledAt, kBody, maxBuffered);
    }
};

QTEST_GUILESS_MAIN(TestProxyBackpressure)
#include "tst_proxybackpressure.moc"
