#include "protocol/WireHistory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

/// The columnar history of GET /v1/samples: round trip, and every malformed member named.
class TestWireHistory : public QObject
{
    Q_OBJECT

    static SampleHistory sample()
    {
        SampleHistory history;
        history.now = 1'767'261'603'500;
        history.intervalMs = 1000;
        history.at = {1'767'261'601'000, 1'767'261'602'000, 1'767'261'603'000};
        history.pools = {{u"anthropic"_s,
                          {4, 5, 5},
                          {30, 31, 33},
                          {90'000, 91'000, 95'500},
                          {0, 2, 7}},
                         {u"tts"_s,
                          {PoolSeries::kAbsent, 1, 0},
                          {PoolSeries::kAbsent, 3, 3},
                          {PoolSeries::kAbsent, 0, 0},
                          {PoolSeries::kAbsent, 0, 0}}};
        return history;
    }

    static QJsonObject parse(const QByteArray &json)
    {
        return QJsonDocument::fromJson(json).object();
    }

private slots:
    void roundTrip()
    {
        const QJsonObject json = sampleHistoryToJson(sample());
        QCOMPARE(json.value("at"_L1).toArray().size(), 3);
        // Absent values travel as null.
        const QJsonObject tts = json.value("pools"_L1).toArray().at(1).toObject();
        QVERIFY(tts.value("in_use"_L1).toArray().at(0).isNull());
        QList<FieldError> errors;
        const SampleHistory back = sampleHistoryFromJson(json, &errors);
        QCOMPARE(errors.size(), 0);
        QCOMPARE(back, sample());
    }

    void malformedMembersAreNamed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        const QByteArray head = R"({"now": 10, "interval_ms": 1000, )";
        QTest::newRow("no at") << head + R"("pools": []})" << u"at"_s << u"required"_s;
        QTest::newRow("times go back")
            << head + R"("at": [5, 4], "pools": []})" << u"at[1]"_s << u"later"_s;
        QTest::newRow("null time")
            << head + R"("at": [5, null], "pools": []})" << u"at[1]"_s << u"not null"_s;
        QTest::newRow("short column")
            << head + R"("at": [5, 6], "pools": [{"pool": "a", "in_use": [1], "requests": [1, 1],
                "tokens": [1, 1], "waiting": [1, 1]}]})"
            << u"pools[0].in_use"_s << u"one value per sample time (2), got 1"_s;
        QTest::newRow("text value")
            << head + R"("at": [5], "pools": [{"pool": "a", "in_use": [1], "requests": [1],
                "tokens": ["x"], "waiting": [1]}]})"
            << u"pools[0].tokens[0]"_s << u"integer >= 0 or null (got \"x\")"_s;
        QTest::newRow("negative")
            << head + R"("at": [5], "pools": [{"pool": "a", "in_use": [-2], "requests": [1],
                "tokens": [1], "waiting": [1]}]})"
            << u"pools[0].in_use[0]"_s << u"(got -2)"_s;
        QTest::newRow("no pool name")
            << head + R"("at": [5], "pools": [{"in_use": [1], "requests": [1], "tokens": [1],
                "waiting": [1]}]})"
            << u"pools[0].pool"_s << u"required"_s;
    }

    void malformedMembersAreNamed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const QJsonObject object = parse(json);
        QVERIFY2(!object.isEmpty(), json.constData());
        QList<FieldError> errors;
        sampleHistoryFromJson(object, &errors);
        QVERIFY(!errors.isEmpty());
        QString all;
        for (const FieldError &error : errors)
            all += error.field + u": "_s + error.message + u'\n';
        QVERIFY2(errors.first().field == field, qPrintable(all));
        QVERIFY2(errors.first().message.contains(message), qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TestWireHistory)
#include "tst_wirehistory.moc"
