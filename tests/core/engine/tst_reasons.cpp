#include "engine/Reason.h"
#include "engine/RequestId.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

class TestReasons : public QObject
{
    Q_OBJECT

private slots:
    void everyCodeRoundTrips()
    {
        for (int i = int(Reason::None); i <= int(Reason::RedisUnavailable); ++i) {
            const auto reason = Reason(i);
            const QString code = reasonCode(reason);
            QVERIFY2(!code.isEmpty(), qPrintable(QString::number(i)));
            QCOMPARE(reasonFromCode(code), std::optional(reason));
        }
    }

    void unknownCodeIsRejected()
    {
        QCOMPARE(reasonFromCode(u"NOT_A_CODE"), std::nullopt);
        QCOMPARE(reasonFromCode(u""), std::nullopt);
    }

    void requestIdRoundTrips_data()
    {
        QTest::addColumn<quint64>("id");
        QTest::newRow("small") << quint64(1);
        QTest::newRow("generation and index") << ((quint64(0xabcdef) << 32) | 42u);
        QTest::newRow("max") << ~quint64(0);
    }

    void requestIdRoundTrips()
    {
        QFETCH(quint64, id);
        QCOMPARE(parseRequestId(formatRequestId(id)), std::optional(id));
    }

    void malformedRequestIdsAreRejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("zero") << u"0"_s;
        QTest::newRow("not hex") << u"xyz"_s;
        QTest::newRow("too long") << u"12345678901234567"_s;
        QTest::newRow("negative") << u"-1"_s;
    }

    void malformedRequestIdsAreRejected()
    {
        QFETCH(QString, text);
        QCOMPARE(parseRequestId(text), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestReasons)
#include "tst_reasons.moc"
