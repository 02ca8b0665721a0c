#include "SseParser.h"

#include <QTest>

using namespace sluice;

using Events = QList<std::pair<QByteArray, QByteArray>>;

class TestSseParser : public QObject
{
    Q_OBJECT

    static Events parse(const QList<QByteArray> &chunks, qsizetype maxEventBytes = 1 << 20)
    {
        SseParser parser(maxEventBytes);
        Events events;
        for (const QByteArray &chunk : chunks)
            parser.feed(chunk, [&events](const SseParser::Event &event) {
                events.append({event.name, event.data});
            });
        return events;
    }

private slots:
    void events_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<Events>("expected");
        QTest::newRow("anthropic LF")
            << QByteArray("event: message_start\ndata: {\"a\":1}\n\nevent: ping\ndata: {}\n\n")
            << Events{{"message_start", "{\"a\":1}"}, {"ping", "{}"}};
        QTest::newRow("CRLF") << QByteArray("event: x\r\ndata: 1\r\n\r\n") << Events{{"x", "1"}};
        QTest::newRow("CR") << QByteArray("data: 1\r\rdata: 2\r\r") << Events{{"", "1"}, {"", "2"}};
        QTest::newRow("multi-line data") << QByteArray("data: a\ndata: b\ndata:c\n\n")
                                         << Events{{"", "a\nb\nc"}};
        QTest::newRow("comments and unknown fields")
            << QByteArray(": keep-alive\nid: 7\nretry: 10\ndata: x\n\n") << Events{{"", "x"}};
        QTest::newRow("no data, no event") << QByteArray("event: lonely\n\n") << Events{};
        QTest::newRow("unfinished event is held") << QByteArray("data: 1\n\ndata: 2\n")
                                                  << Events{{"", "1"}};
        QTest::newRow("openai done") << QByteArray("data: {\"x\":1}\n\ndata: [DONE]\n\n")
                                     << Events{{"", "{\"x\":1}"}, {"", "[DONE]"}};
    }

    void events()
    {
        QFETCH(QByteArray, stream);
        QFETCH(Events, expected);
        QCOMPARE(parse({stream}), expected);
        // Any split into two chunks, and byte by byte, gives the same events.
        for (qsizetype at = 0; at <= stream.size(); ++at)
            QCOMPARE(parse({stream.first(at), stream.sliced(at)}), expected);
        QList<QByteArray> bytes;
        for (char c : stream)
            bytes.append(QByteArray(1, c));
        QCOMPARE(parse(bytes), expected);
    }

    void oversizedEventIsDroppedWhole()
    {
        const QByteArray big(100, 'x');
        const QByteArray stream = "data: " + big + "\n\ndata: small\n\ndata: " + big.first(40)
                                  + "\ndata: " + big.first(40) + "\n\n";
        QCOMPARE(parse({stream}, 64), (Events{{"", "small"}}));
        QList<QByteArray> bytes;
        for (char c : stream)
            bytes.append(QByteArray(1, c));
        QCOMPARE(parse(bytes, 64), (Events{{"", "small"}}));
    }

    void longLinesWhateverTheChunks_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<Events>("expected");
        const QByteArray padding(30, 'x');
        QTest::newRow("long comment") << ": " + padding + "\ndata: ok\n\n" << Events{{"", "ok"}};
        QTest::newRow("long comment ending like a field")
            << ": " + padding + "data: evil\n\ndata: ok\n\n" << Events{{"", "ok"}};
        QTest::newRow("long event name") << "event: " + padding + "\ndata: ok\n\n"
                                         << Events{{"", "ok"}};
        QTest::newRow("long unknown field") << "id: " + padding + "\r\ndata: ok\r\n\r\n"
                                            << Events{{"", "ok"}};
        QTest::newRow("long data line") << "data: " + padding + "\n\ndata: ok\n\n"
                                        << Events{{"", "ok"}};
    }

    // Found by fuzz_sse: a line longer than the limit that arrived in pieces dropped the event
    // it belonged to and had its rest read as a line of its own; in one piece it did neither.
    void longLinesWhateverTheChunks()
    {
        QFETCH(QByteArray, stream);
        QFETCH(Events, expected);
        constexpr qsizetype kLimit = 16;
        QCOMPARE(parse({stream}, kLimit), expected);
        for (qsizetype at = 0; at <= stream.size(); ++at)
            QCOMPARE(parse({stream.first(at), stream.sliced(at)}, kLimit), expected);
        QList<QByteArray> bytes;
        for (char c : stream)
            bytes.append(QByteArray(1, c));
        QCOMPARE(parse(bytes, kLimit), expected);
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
