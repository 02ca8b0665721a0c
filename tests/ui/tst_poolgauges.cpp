#include "FakeBackend.h"
#include "SampleData.h"

#include "models/AlertLevels.h"
#include "pages/OverviewPage.h"
#include "widgets/AlertBanner.h"
#include "widgets/LevelColors.h"
#include "widgets/PoolGauges.h"
#include "widgets/PoolStatusLine.h"

#include <QApplication>
#include <QProgressBar>
#include <QStyle>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

Q_DECLARE_METATYPE(sluice::TroubleLevel)

/// The Overview's gauges in the alert rules' colours, with the level in words; each pool's
/// status line; the pool in most trouble on top; the alert banner in an alert colour.
class TestPoolGauges : public QObject
{
    Q_OBJECT

    static PoolStatus pool(const QString &name, int inUse)
    {
        PoolStatus p;
        p.name = name;
        p.inUse = inUse;
        p.maxConcurrent = 10;
        p.maxQueueLength = 1000;
        return p;
    }

    /// WCAG 2 contrast ratio of two colours, 1 to 21.
    static double contrast(const QColor &a, const QColor &b)
    {
        auto luminance = [](const QColor &c) {
            auto channel = [](double v) {
                return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
            };
            return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
                   0.0722 * channel(c.blueF());
        };
        const double x = luminance(a), y = luminance(b);
        return (std::max(x, y) + 0.05) / (std::min(x, y) + 0.05);
    }

    static QPalette darkPalette()
    {
        QPalette p;
        p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
        p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Base, QColor(0x1f, 0x21, 0x24));
        p.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xb6));
        return p;
    }

private slots:
    void gaugeLevelAndColour_data()
    {
        QTest::addColumn<int>("inUse");
        QTest::addColumn<TroubleLevel>("level");
        QTest::addColumn<QString>("text");
        QTest::newRow("below 80%") << 7 << TroubleLevel::Normal << u"7 / 10 slots"_s;
        QTest::newRow("at 80%") << 8 << TroubleLevel::Warning << u"8 / 10 slots · warning"_s;
        QTest::newRow("above 80%") << 9 << TroubleLevel::Warning << u"9 / 10 slots · warning"_s;
        QTest::newRow("at the limit")
            << 10 << TroubleLevel::Critical << u"10 / 10 slots · critical"_s;
        QTest::newRow("above the limit")
            << 11 << TroubleLevel::Critical << u"11 / 10 slots · critical"_s;
    }
    void gaugeLevelAndColour()
    {
        QFETCH(int, inUse);
        QFETCH(TroubleLevel, level);
        QFETCH(QString, text);
        PoolGauges gauges;
        gauges.setPools({pool(u"p"_s, inUse)}, AlertLevels(SampleData::config().alertRules), 0);
        QCOMPARE(gauges.level(u"p"_s, PoolGauges::Concurrency), level);
        QProgressBar *bar = gauges.bar(u"p"_s, PoolGauges::Concurrency);
        QCOMPARE(bar->text(), text);
        QCOMPARE(bar->palette().color(QPalette::Highlight),
                 LevelColors::fill(level, bar->palette()));
        QCOMPARE(bar->palette().color(QPalette::HighlightedText), LevelColors::onFill(level));
        QVERIFY(bar->toolTip().contains(troubleLevelName(level)));
    }

    void coloursReadInBothPalettes()
    {
        for (const QPalette &palette : {QApplication::style()->standardPalette(), darkPalette()}) {
            QList<QColor> fills;
            for (TroubleLevel level :
                 {TroubleLevel::Normal, TroubleLevel::Warning, TroubleLevel::Critical}) {
                const QColor fill = LevelColors::fill(level, palette);
                QVERIFY(!fills.contains(fill));
                fills << fill;
                QVERIFY(fill != palette.color(QPalette::Highlight));
                QVERIFY2(contrast(fill, LevelColors::onFill(level)) >= 4.5,
                         qPrintable(troubleLevelName(level)));
                QVERIFY2(contrast(LevelColors::text(level, palette),
                                  palette.color(QPalette::Window)) >= 4.5,
                         qPrintable(troubleLevelName(level)));
            }
        }
    }

    void statusLinePerPool()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        backend.current.pools[2].throttledUntil = SampleData::kNow + 60'000;
        OverviewPage page(backend);
        PoolStatusLine *paused = page.gauges()->statusLine(u"elevenlabs"_s);
        QVERIFY(paused);
        QCOMPARE(paused->text(), u"Paused"_s);
        QCOMPARE(paused->level(), TroubleLevel::Warning);
        QVERIFY(paused->font().bold());
        QVERIFY(paused->font().pointSizeF() >= 1.4 * QApplication::font().pointSizeF());
        QCOMPARE(paused->palette().color(QPalette::WindowText),
                 LevelColors::text(TroubleLevel::Warning, paused->palette()));
        QVERIFY(
            page.gauges()->statusLine(u"anam"_s)->text().startsWith(u"Throttled by upstream"_s));
        QCOMPARE(page.gauges()->statusLine(u"anthropic"_s)->text(), u"Running"_s);
    }

    void worstPoolOnTop()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        OverviewPage page(backend);
        // elevenlabs is paused; anthropic is at 5 of 5 slots (critical); anam is idle.
        QCOMPARE(page.gauges()->poolNames(),
                 (QStringList{u"elevenlabs"_s, u"anthropic"_s, u"anam"_s}));
        DashboardSnapshot next = backend.current;
        next.pools[2].throttledUntil = next.at + 5000;
        backend.publish(next);
        QCOMPARE(page.gauges()->poolNames(),
                 (QStringList{u"anam"_s, u"elevenlabs"_s, u"anthropic"_s}));
        QCOMPARE(page.gauges()->bar(u"anam"_s, PoolGauges::Concurrency)->text(), u"0 / 1 slots"_s);
    }

    void bannerUsesAnAlertColour()
    {
        AlertBanner banner;
        AlertRecord alert = SampleData::firingAlert(); // peak 100%
        banner.setAlerts({alert});
        QCOMPARE(banner.level(), TroubleLevel::Critical);
        QCOMPARE(banner.palette().color(QPalette::Window),
                 LevelColors::fill(TroubleLevel::Critical, QApplication::palette()));
        QVERIFY(banner.palette().color(QPalette::Window) !=
                QApplication::palette().color(QPalette::Highlight));
        alert.peak = 0.85;
        banner.setAlerts({alert});
        QCOMPARE(banner.level(), TroubleLevel::Warning);
        QCOMPARE(banner.palette().color(QPalette::Window),
                 LevelColors::fill(TroubleLevel::Warning, QApplication::palette()));
        QCOMPARE(banner.palette().color(QPalette::WindowText),
                 LevelColors::onFill(TroubleLevel::Warning));
    }
};

QTEST_MAIN(TestPoolGauges)
#include "tst_poolgauges.moc"
