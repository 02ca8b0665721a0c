#include "retry/RateLimitReset.h"
#include "retry/RetryAfter.h"

#include <QTest>

using namespace sluice;

namespace {
// Tue, 14 Nov 2023 22:13:20 GMT
constexpr TimeMs kNow = 1'700'000'000'000;
constexpr qint64 kNone = -1;
constexpr qint64 kSaturated = (qint64(1) << 31) * 1000;
constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kDay = 24 * 60 * kMinute;
} // namespace

class TestRetryAfter : public QObject
{
    Q_OBJECT

private slots:
    void retryAfter_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("expected");

        QTest::newRow("seconds") << QByteArray("120") << 120 * kSecond;
        QTest::newRow("zero") << QByteArray("0") << qint64(0);
        QTest::newRow("blanks around") << QByteArray("  7 \t") << 7 * kSecond;
        QTest::newRow("decimal") << QByteArray("1.5") << qint64(1500);
        QTest::newRow("decimal zero fraction") << QByteArray("2.0") << 2 * kSecond;
        QTest::newRow("sub-millisecond rounds up") << QByteArray("0.0001") << qint64(1);
        QTest::newRow("long fraction rounds up") << QByteArray("1.0000000001") << qint64(1001);
        QTest::newRow("leading zeros") << QByteArray("007") << 7 * kSecond;

        QTest::newRow("IMF-fixdate") << QByteArray("Tue, 14 Nov 2023 22:15:20 GMT") << 2 * kMinute;
        QTest::newRow("IMF-fixdate lower case")
            << QByteArray("tue, 14 nov 2023 22:15:20 gmt") << 2 * kMinute;
        QTest::newRow("RFC 850") << QByteArray("Tuesday, 14-Nov-23 22:15:20 GMT") << 2 * kMinute;
        QTest::newRow("RFC 850 year within 50 years")
            << QByteArray("Wednesday, 14-Nov-40 22:13:20 GMT") << 536'544'000 * kSecond;
        QTest::newRow("asctime") << QByteArray("Tue Nov 14 22:15:20 2023") << 2 * kMinute;
        QTest::newRow("asctime single-digit day")
            << QByteArray("Mon Dec  4 22:13:20 2023") << 20 * kDay;
        QTest::newRow("date now") << QByteArray("Tue, 14 Nov 2023 22:13:20 GMT") << qint64(0);

        QTest::newRow("past IMF-fixdate")
            << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(0);
        QTest::newRow("past RFC 850, two-digit year a century back")
            << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << qint64(0);
        QTest::newRow("past asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << qint64(0);

        QTest::newRow("huge seconds saturate")
            << QByteArray("99999999999999999999999999") << kSaturated;
        QTest::newRow("int64 max seconds saturate")
            << QByteArray("9223372036854775807") << kSaturated;
        QTest::newRow("just below saturation") << QByteArray("2147483647") << kSaturated - kSecond;

        QTest::newRow("empty") << QByteArray() << kNone;
        QTest::newRow("blank") << QByteArray("   ") << kNone;
        QTest::newRow("word") << QByteArray("soon") << kNone;
        QTest::newRow("negative") << QByteArray("-5") << kNone;
        QTest::newRow("plus sign") << QByteArray("+5") << kNone;
        QTest::newRow("exponent") << QByteArray("1e3") << kNone;
        QTest::newRow("unit") << QByteArray("5 s") << kNone;
        QTest::newRow("trailing dot") << QByteArray("1.") << kNone;
        QTest::newRow("leading dot") << QByteArray(".5") << kNone;
        QTest::newRow("two dots") << QByteArray("1.2.3") << kNone;
        QTest::newRow("hex") << QByteArray("0x10") << kNone;
        QTest::newRow("date without GMT") << QByteArray("Tue, 14 Nov 2023 22:15:20") << kNone;
        QTest::newRow("date with offset") << QByteArray("Tue, 14 Nov 2023 22:15:20 +0000") << kNone;
        QTest::newRow("30 February") << QByteArray("Thu, 30 Feb 2023 10:00:00 GMT") << kNone;
        QTest::newRow("hour 25") << QByteArray("Tue, 14 Nov 2023 25:15:20 GMT") << kNone;
        QTest::newRow("unknown month") << QByteArray("Tue, 14 Foo 2023 22:15:20 GMT") << kNone;
        QTest::newRow("unknown day") << QByteArray("Xyz, 14 Nov 2023 22:15:20 GMT") << kNone;
        QTest::newRow("RFC 850 four-digit year")
            << QByteArray("Tuesday, 14-Nov-2023 22:15:20 GMT") << kNone;
        QTest::newRow("NUL inside") << QByteArray("12\0"
                                                  "3",
                                                  4)
                                    << kNone;
    }

    void retryAfter()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, expected);
        QCOMPARE(parseRetryAfterMs(header, kNow).value_or(kNone), expected);
    }

    void httpDateFormsAgree_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("epochMs");
        QTest::newRow("IMF-fixdate")
            << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(784'111'777'000);
        QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT")
                                 << qint64(784'111'777'000);
        QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994")
                                 << qint64(784'111'777'000);
        QTest::newRow("leap second")
            << QByteArray("Sat, 31 Dec 2016 23:59:60 GMT") << qint64(1'483'228'800'000);
        QTest::newRow("leap day") << QByteArray("Thu, 29 Feb 2024 00:00:00 GMT")
                                  << qint64(1'709'164'800'000);
    }

    void httpDateFormsAgree()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, epochMs);
        QCOMPARE(parseHttpDate(text, kNow).value_or(kNone), epochMs);
    }

    void retryAfterMsHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("integer") << QByteArray("3000") << qint64(3000);
        QTest::newRow("zero") << QByteArray("0") << qint64(0);
        QTest::newRow("decimal rounds up") << QByteArray("10.5") << qint64(11);
        QTest::newRow("exact decimal") << QByteArray("10.000") << qint64(10);
        QTest::newRow("blanks") << QByteArray(" 250 ") << qint64(250);
        QTest::newRow("huge saturates") << QByteArray("123456789012345678901234") << kSaturated;
        QTest::newRow("empty") << QByteArray() << kNone;
        QTest::newRow("negative") << QByteArray("-1") << kNone;
        QTest::newRow("word") << QByteArray("later") << kNone;
        QTest::newRow("a date is not milliseconds")
            << QByteArray("Tue, 14 Nov 2023 22:15:20 GMT") << kNone;
    }

    void retryAfterMsHeader()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, expected);
        QCOMPARE(parseRetryAfterMsHeader(header).value_or(kNone), expected);
    }

    void resetTimestamp_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("UTC") << QByteArray("2023-11-14T22:14:20Z") << kMinute;
        QTest::newRow("fraction and offset")
            << QByteArray("2023-11-14T23:14:20.5+01:00") << kMinute + 500;
        QTest::newRow("lower-case t and z") << QByteArray("2023-11-14t22:14:20z") << kMinute;
        QTest::newRow("past") << QByteArray("2023-11-14T22:13:00Z") << qint64(0);
        QTest::newRow("no zone") << QByteArray("2023-11-14T22:14:20") << kNone;
        QTest::newRow("date only") << QByteArray("2023-11-14") << kNone;
        QTest::newRow("month 13") << QByteArray("2023-13-14T22:14:20Z") << kNone;
        QTest::newRow("garbage") << QByteArray("next tuesday, probably") << kNone;
        QTest::newRow("empty") << QByteArray() << kNone;
    }

    void resetTimestamp()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, expected);
        QCOMPARE(parseResetTimestampMs(header, kNow).value_or(kNone), expected);
    }

    void resetDuration_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("seconds") << QByteArray("1s") << kSecond;
        QTest::newRow("minutes and seconds") << QByteArray("6m0s") << 6 * kMinute;
        QTest::newRow("milliseconds") << QByteArray("12ms") << qint64(12);
        QTest::newRow("all units") << QByteArray("1h2m3.5s") << qint64(3'723'500);
        QTest::newRow("decimal seconds") << QByteArray("0.5s") << qint64(500);
        QTest::newRow("zero") << QByteArray("0") << qint64(0);
        QTest::newRow("microseconds round up") << QByteArray("1.5us") << qint64(1);
        QTest::newRow("micro sign") << QByteArray("100\xc2\xb5s") << qint64(1);
        QTest::newRow("greek mu") << QByteArray("2000\xce\xbcs") << qint64(2);
        QTest::newRow("nanoseconds round up") << QByteArray("250ns") << qint64(1);
        QTest::newRow("huge saturates") << QByteArray("99999999999999999999h") << kSaturated;
        QTest::newRow("sum saturates") << QByteArray("300000h300000h") << kSaturated;
        QTest::newRow("empty") << QByteArray() << kNone;
        QTest::newRow("no unit") << QByteArray("10") << kNone;
        QTest::newRow("unit only") << QByteArray("s") << kNone;
        QTest::newRow("unknown unit") << QByteArray("1x") << kNone;
        QTest::newRow("words") << QByteArray("6 minutes") << kNone;
        QTest::newRow("negative") << QByteArray("-1s") << kNone;
        QTest::newRow("bare dot") << QByteArray(".s") << kNone;
    }

    void resetDuration()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, expected);
        QCOMPARE(parseResetDurationMs(header).value_or(kNone), expected);
    }
};

QTEST_GUILESS_MAIN(TestRetryAfter)
#include "tst_retryafter.moc"
