// Request-derived values in log lines are escaped by one helper, logValue(): no ANSI escape,
// CR/LF or forged `key=value` field reaches the log as such. The access log uses it.
#include "api/AccessLog.h"
#include "util/LogEscape.h"

#include <QBuffer>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

class TestLogEscape : public QObject
{
    Q_OBJECT

private slots:
    void values_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("logged");
        QTest::newRow("plain") << u"alice"_s << u"alice"_s;
        QTest::newRow("non-ASCII letters") << u"café"_s << u"café"_s;
        QTest::newRow("empty") << QString() << u"\"\""_s;
        QTest::newRow("space") << u"a b"_s << u"\"a b\""_s;
        QTest::newRow("ANSI escape") << u"\x1b[31mred\x1b[0m"_s << u"\"\\x1b[31mred\\x1b[0m\""_s;
        QTest::newRow("CR LF") << u"a\r\nb"_s << u"\"a\\x0d\\x0ab\""_s;
        QTest::newRow("forged fields")
            << u"bob status=200 ending=completed"_s << u"\"bob status=200 ending=completed\""_s;
        QTest::newRow("forged field without space") << u"x=y"_s << u"\"x=y\""_s;
        QTest::newRow("quote and backslash") << u"a\"b\\c"_s << u"\"a\\\"b\\\\c\""_s;
        QTest::newRow("NUL and DEL") << QString::fromLatin1("a\0b\x7f", 4) << u"\"a\\x00b\\x7f\""_s;
        QTest::newRow("C1 control") << u"a\u009bb"_s << u"\"a\\x9bb\""_s;
        QTest::newRow("bidi override") << u"a\u202eb"_s << u"\"a\\u{202e}b\""_s;
        QTest::newRow("line separator") << u"a\u2028b"_s << u"\"a\\u{2028}b\""_s;
        QTest::newRow("printable ASCII")
            << u"!#$%&'()*+,-./09:;<>?@AZ[]^_`az{|}~"_s << u"!#$%&'()*+,-./09:;<>?@AZ[]^_`az{|}~"_s;
        QTest::newRow("tab") << u"a\tb"_s << u"\"a\\x09b\""_s;
        QTest::newRow("no-break space") << u"a\u00a0b"_s << u"\"a\\u{00a0}b\""_s;
    }

    void values()
    {
        QFETCH(QString, value);
        QFETCH(QString, logged);
        QCOMPARE(logValue(value), logged);
        QCOMPARE(logValue(value.toUtf8()), logged);
    }

    void accessLogTimestamps_data()
    {
        QTest::addColumn<qint64>("at");
        QTest::addColumn<QByteArray>("logged");
        QTest::newRow("whole second")
            << qint64(1'767'261'600'000) << QByteArray("2026-01-01T10:00:00.000Z");
        QTest::newRow("7 ms") << qint64(1'767'261'600'007)
                              << QByteArray("2026-01-01T10:00:00.007Z");
        QTest::newRow("70 ms") << qint64(1'767'261'600'070)
                               << QByteArray("2026-01-01T10:00:00.070Z");
        QTest::newRow("999 ms") << qint64(1'767'261'600'999)
                                << QByteArray("2026-01-01T10:00:00.999Z");
        QTest::newRow("before 1970") << qint64(-1) << QByteArray("1969-12-31T23:59:59.999Z");
    }

    void accessLogTimestamps()
    {
        QFETCH(qint64, at);
        QFETCH(QByteArray, logged);
        QBuffer out;
        out.open(QIODevice::ReadWrite);
        {
            AccessLog log(AccessLog::Format::Plain, &out);
            AccessLog::RequestLine line;
            line.at = at;
            line.peer = u"127.0.0.1"_s;
            line.path = u"/healthz"_s;
            line.status = 200;
            log.request(line);
        }
        QVERIFY2(out.data().startsWith(QByteArray(logged + " request ")), out.data().constData());
    }

    void accessLogEscapesRequestValues()
    {
        QBuffer out;
        out.open(QIODevice::ReadWrite);
        {
            AccessLog log(AccessLog::Format::Plain, &out);
            AccessLog::RequestLine line;
            line.at = 1'767'261'600'000;
            line.peer = u"127.0.0.1"_s;
            line.path = u"/v1/x\r\n2026-01-01T10:00:00.000Z request 1.2.3.4 GET / 200"_s;
            line.status = 404;
            line.actor = u"\x1b[2Jkey status=200"_s;
            log.request(line);
            AcquireRequest acquire;
            acquire.pool = u"llm"_s;
            acquire.user = u"mallory outcome=granted\n"_s;
            log.decision(line.at, acquire, Decision{});
        }
        const QByteArray text = out.data();
        QCOMPARE(text.count('\n'), 2);  // one line each, nothing injected
        QVERIFY(!text.contains('\x1b'));
        QVERIFY(!text.contains('\r'));
        QVERIFY2(text.contains(" actor=\"\\x1b[2Jkey status=200\" "), text.constData());
        QVERIFY2(text.contains(" user=\"mallory outcome=granted\\x0a\" "), text.constData());
    }
};

QTEST_GUILESS_MAIN(TestLogEscape)
#include "tst_logescape.moc"
