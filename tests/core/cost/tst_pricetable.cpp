#include "cost/PriceTable.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kNone = -1;
constexpr qint64 kMaxTokens = std::numeric_limits<qint64>::max();

ModelPrice price(const QString &model, double input, double output)
{
    return ModelPrice{model, input, output};
}

PriceTable standardTable()
{
    return PriceTable({
        price(u"claude-sonnet-4-5"_s, 3.0, 15.0),
        price(u"claude-sonnet-4*"_s, 4.0, 16.0),
        price(u"claude-sonnet-4-1*"_s, 5.0, 17.0),
        price(u"claude-*"_s, 6.0, 18.0),
        price(u"*"_s, 1.0, 2.0),
        price(u"gpt-4o-mini"_s, 0.15, 0.6),
        price(u"fractional"_s, 0.0375, 0.0000001),
        price(u"free"_s, 0.0, 0.0),
        price(u"micro"_s, 0.000001, 0.0),
        price(u"premium"_s, 1'000'000.0, 1'000'000.0),
    });
}
} // namespace

class TestPriceTable : public QObject
{
    Q_OBJECT

private slots:
    void cost_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<qint64>("inputTokens");
        QTest::addColumn<qint64>("outputTokens");
        QTest::addColumn<qint64>("nanoUsd");
        QTest::addColumn<qint64>("credits");

        // SPEC: 1500 input at $3/M + 800 output at $15/M = $0.0165 = 2 credits.
        QTest::newRow("spec example") << u"claude-sonnet-4-5"_s << qint64(1500) << qint64(800)
                                      << qint64(16'500'000) << qint64(2);
        QTest::newRow("exactly one cent")
            << u"mistral-large"_s << qint64(10'000) << qint64(0) << qint64(10'000'000) << qint64(1);
        QTest::newRow("just under one cent") << u"gpt-4o-mini"_s << qint64(20'000) << qint64(11'666)
                                             << qint64(9'999'600) << qint64(1);
        QTest::newRow("a nano over one cent")
            << u"fractional"_s << qint64(266'667) << qint64(0) << qint64(10'000'013) << qint64(2);
        QTest::newRow("zero tokens")
            << u"claude-sonnet-4-5"_s << qint64(0) << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("free model")
            << u"free"_s << qint64(5000) << qint64(5000) << qint64(0) << qint64(0);
        QTest::newRow("half nano rounds up")
            << u"fractional"_s << qint64(1) << qint64(0) << qint64(38) << qint64(1);
        QTest::newRow("two halves make a whole")
            << u"fractional"_s << qint64(2) << qint64(0) << qint64(75) << qint64(1);
        QTest::newRow("rounded once over both")
            << u"fractional"_s << qint64(1) << qint64(5'000'000) << qint64(538) << qint64(1);
        QTest::newRow("tiny output price")
            << u"fractional"_s << qint64(0) << qint64(1) << qint64(1) << qint64(1);
        QTest::newRow("a million tokens")
            << u"claude-sonnet-4-5"_s << qint64(1'000'000) << qint64(1'000'000)
            << qint64(18'000'000'000) << qint64(1800);
        QTest::newRow("a trillion tokens")
            << u"gpt-4o-mini"_s << qint64(1'000'000'000'000) << qint64(0)
            << qint64(150'000'000'000'000) << qint64(15'000'000);
        // (2^63 - 1) tokens at 0.001 nano-USD each, rounded up.
        QTest::newRow("max tokens at a tiny price")
            << u"micro"_s << kMaxTokens << qint64(0) << qint64(9'223'372'036'854'776)
            << qint64(922'337'204);
        QTest::newRow("overflow") << u"premium"_s << kMaxTokens << qint64(0) << kNone << kNone;
        QTest::newRow("overflow of the sum")
            << u"premium"_s << qint64(5'000'000'000) << qint64(5'000'000'000) << kNone << kNone;
        QTest::newRow("negative input")
            << u"claude-sonnet-4-5"_s << qint64(-1) << qint64(10) << kNone << kNone;
        QTest::newRow("negative output")
            << u"claude-sonnet-4-5"_s << qint64(10) << qint64(-1) << kNone << kNone;
    }

    void cost()
    {
        QFETCH(QString, model);
        QFETCH(qint64, inputTokens);
        QFETCH(qint64, outputTokens);
        QFETCH(qint64, nanoUsd);
        QFETCH(qint64, credits);
        const PriceTable table = standardTable();
        QVERIFY2(table.errors().isEmpty(), qPrintable(table.errors().join(u'\n')));
        const std::optional<qint64> cost = table.costNanoUsd(model, inputTokens, outputTokens);
        QCOMPARE(cost.value_or(kNone), nanoUsd);
        if (cost)
            QCOMPARE(PriceTable::creditsFor(*cost), credits);
    }

    void credits_data()
    {
        QTest::addColumn<qint64>("nanoUsd");
        QTest::addColumn<qint64>("credits");
        QTest::newRow("zero") << qint64(0) << qint64(0);
        QTest::newRow("negative") << qint64(-5) << qint64(0);
        QTest::newRow("one nano") << qint64(1) << qint64(1);
        QTest::newRow("exactly a cent") << qint64(10'000'000) << qint64(1);
        QTest::newRow("a nano over a cent") << qint64(10'000'001) << qint64(2);
        QTest::newRow("spec example") << qint64(16'500'000) << qint64(2);
        QTest::newRow("one dollar") << qint64(1'000'000'000) << qint64(100);
        QTest::newRow("max") << kMaxTokens << qint64(922'337'203'686);
    }

    void credits()
    {
        QFETCH(qint64, nanoUsd);
        QFETCH(qint64, credits);
        QCOMPARE(PriceTable::creditsFor(nanoUsd), credits);
    }

    void lookup_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("entry");
        QTest::newRow("exact wins over wildcards")
            << u"claude-sonnet-4-5"_s << u"claude-sonnet-4-5"_s;
        QTest::newRow("longest wildcard")
            << u"claude-sonnet-4-1-20250805"_s << u"claude-sonnet-4-1*"_s;
        QTest::newRow("shorter wildcard") << u"claude-sonnet-4-20250514"_s << u"claude-sonnet-4*"_s;
        QTest::newRow("wildcard matches its bare prefix")
            << u"claude-sonnet-4"_s << u"claude-sonnet-4*"_s;
        QTest::newRow("family wildcard") << u"claude-haiku-3"_s << u"claude-*"_s;
        QTest::newRow("default") << u"mistral-large"_s << u"*"_s;
        QTest::newRow("empty model takes the default") << QString() << u"*"_s;
        QTest::newRow("case matters") << u"CLAUDE-SONNET-4-5"_s << u"*"_s;
    }

    void lookup()
    {
        QFETCH(QString, model);
        QFETCH(QString, entry);
        const std::optional<ModelPrice> found = standardTable().priceFor(model);
        QVERIFY(found);
        QCOMPARE(found->model, entry);
    }

    void unknownModelWithoutDefault()
    {
        const PriceTable table(
            {price(u"claude-sonnet-4*"_s, 3.0, 15.0), price(u"gpt-4o"_s, 2.5, 10.0)});
        QVERIFY(table.errors().isEmpty());
        QCOMPARE(table.priceFor(u"gpt-4o-mini"_s), std::nullopt);
        QCOMPARE(table.costNanoUsd(u"gpt-4o-mini"_s, 10, 10), std::nullopt);
        QCOMPARE(table.costNanoUsd(u"claude-opus-4"_s, 10, 10), std::nullopt);
        QCOMPARE(PriceTable().costNanoUsd(u"gpt-4o"_s, 1, 1), std::nullopt);
    }

    void invalidEntriesAreReported_data()
    {
        QTest::addColumn<ModelPrice>("entry");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative input")
            << price(u"m"_s, -1.0, 1.0)
            << u"pricing 'm': input price must be 0-1000000 USD per million tokens (got -1)"_s;
        QTest::newRow("too expensive output")
            << price(u"m"_s, 1.0, 2e6)
            << u"pricing 'm': output price must be 0-1000000 USD per million tokens (got 2e+06)"_s;
        QTest::newRow("NaN")
            << price(u"m"_s, std::nan(""), 1.0)
            << u"pricing 'm': input price must be 0-1000000 USD per million tokens (got nan)"_s;
        QTest::newRow("empty name")
            << price(QString(), 1.0, 1.0) << u"pricing: a model name must not be empty"_s;
        QTest::newRow("inner star")
            << price(u"claude-*-sonnet"_s, 1.0, 1.0)
            << u"pricing 'claude-*-sonnet': '*' is allowed only at the end of a model name"_s;
    }

    void invalidEntriesAreReported()
    {
        QFETCH(ModelPrice, entry);
        QFETCH(QString, message);
        const PriceTable table({entry, price(u"ok"_s, 1.0, 1.0)});
        QCOMPARE(table.errors(), QStringList{message});
        QCOMPARE(table.priceFor(entry.model), std::nullopt);
        QCOMPARE(table.costNanoUsd(u"ok"_s, 1'000'000, 0).value_or(kNone), 1'000'000'000);
    }

    void firstDuplicateWins()
    {
        const PriceTable table({price(u"m"_s, 1.0, 1.0), price(u"m"_s, 2.0, 2.0),
                                price(u"m*"_s, 3.0, 3.0), price(u"m*"_s, 4.0, 4.0)});
        QCOMPARE(table.errors().size(), 2);
        QCOMPARE(table.priceFor(u"m"_s)->inputPerMillionUsd, 1.0);
        QCOMPARE(table.priceFor(u"mx"_s)->inputPerMillionUsd, 3.0);
    }
};

QTEST_GUILESS_MAIN(TestPriceTable)
#include "tst_pricetable.moc"
