#include "FakeBackend.h"
#include "SampleData.h"

#include "pages/UsersPage.h"
#include "util/ManualClock.h"
#include "widgets/QuotaBurnDown.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

class TestUsersPage : public QObject
{
    Q_OBJECT

    static constexpr qint64 kHour = 3'600'000;

private slots:
    void initTestCase() { qputenv("TZ", "UTC"); }

    void burnDownForecast_data()
    {
        QTest::addColumn<qint64>("used");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<qint64>("hoursIn");
        QTest::addColumn<qint64>("runsOutAfterHours"); // -1: lasts until the reset
        QTest::newRow("half used at noon lasts exactly") << 50LL << 100LL << 12LL << -1LL;
        QTest::newRow("fast: runs out in 2 h") << 80LL << 100LL << 8LL << 2LL;
        QTest::newRow("slow: lasts") << 10LL << 100LL << 6LL << -1LL;
        QTest::newRow("used up") << 100LL << 100LL << 6LL << 0LL;
        QTest::newRow("nothing used") << 0LL << 100LL << 6LL << -1LL;
    }
    void burnDownForecast()
    {
        QFETCH(qint64, used);
        QFETCH(qint64, limit);
        QFETCH(qint64, hoursIn);
        QFETCH(qint64, runsOutAfterHours);
        UserQuota quota;
        quota.requestsToday = used;
        quota.requestLimit = limit;
        quota.resetAt = SampleData::kNow + 24 * kHour;
        const TimeMs now = SampleData::kNow + hoursIn * kHour;
        const QuotaBurnDown forecast = QuotaBurnDown::forecast(quota, now);
        QCOMPARE(forecast.perHour, double(used) / double(hoursIn));
        if (runsOutAfterHours < 0)
            QCOMPARE(forecast.runsOutAt, std::nullopt);
        else
            QCOMPARE(forecast.runsOutAt, std::optional<TimeMs>(now + runsOutAfterHours * kHour));
    }

    void forecastSentence()
    {
        UserQuota quota;
        quota.requestsToday = 80;
        quota.requestLimit = 100;
        quota.resetAt = SampleData::kNow + 24 * kHour;
        const QuotaBurnDown forecast = QuotaBurnDown::forecast(quota, SampleData::kNow + 8 * kHour);
        QCOMPARE(
            forecast.sentence(),
            u"At today's rate (10.0 requests/h) the quota runs out at 20:00 UTC, in 2 h 00 min, "
            u"before the reset at 10:00 UTC."_s);
    }

    void lookupShowsQuotaAndCountsDown()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        ManualClock clock(SampleData::kNow);
        UsersPage page(backend, clock);
        QTest::keyClicks(page.searchBox(), u" user-314 "_s);
        QTest::keyClick(page.searchBox(), Qt::Key_Return);
        QCOMPARE(backend.userRequests, QStringList{u"user-314"_s});
        QCOMPARE(page.usageBar()->text(), u"312 / 500 requests"_s);
        QCOMPARE(page.spendLabel()->text(), u"$1.95 · 0 credits of unlimited"_s);
        QCOMPARE(page.countdownLabel()->text(), u"14 h 00 min (at 00:00 UTC)"_s);
        clock.advance(90'000);
        page.updateCountdown();
        QCOMPARE(page.countdownLabel()->text(), u"13 h 58 min (at 00:00 UTC)"_s);
        QVERIFY(page.forecastLabel()->text().startsWith(u"At today's rate"_s));
        QCOMPARE(page.rejections()->rowCount(), 2);
        QCOMPARE(page.rejections()->item(0, 2)->text(), u"QUEUE_FULL"_s);
        QVERIFY(!page.setTierButton()->isEnabled());
        QCOMPARE(page.setTierButton()->toolTip(), u"Needs the admin role; this key is support."_s);
    }

    void spendShowsCreditsAgainstTheTiersLimit()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        UserDetails details = SampleData::user(u"payer"_s);
        details.quota.costNanoUsdToday = 16'500'000;
        details.quota.creditsToday = 2;
        details.quota.costLimitNanoUsd = 1'000'000'000;
        backend.users.insert(u"payer"_s, details);
        ManualClock clock(SampleData::kNow);
        UsersPage page(backend, clock);
        page.search(u"payer"_s);
        QCOMPARE(page.spendLabel()->text(), u"$0.0165 · 2 credits of $1.00 · 100 credits"_s);
    }

    void unknownUserSaysSo()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        ManualClock clock(SampleData::kNow);
        UsersPage page(backend, clock);
        page.search(u"nobody"_s);
        QCOMPARE(page.messageLabel()->text(), u"nobody: No user \"nobody\""_s);
        page.search(u"  "_s);
        QCOMPARE(page.messageLabel()->text(), u"Enter a user id."_s);
        QCOMPARE(backend.userRequests.size(), 1);
    }

    void adminPinsATier()
    {
        FakeBackend backend(Role::Admin);
        SampleData::seed(backend);
        ManualClock clock(SampleData::kNow);
        UsersPage page(backend, clock);
        page.search(u"user-314"_s);
        QVERIFY(page.setTierButton()->isEnabled());
        page.tierSelector()->setCurrentText(u"enterprise"_s);
        QTest::mouseClick(page.setTierButton(), Qt::LeftButton);
        QCOMPARE(backend.tierChanges.size(), 1);
        QCOMPARE(backend.tierChanges.first(), qMakePair(u"user-314"_s, u"enterprise"_s));
        QCOMPARE(page.tierSelector()->currentText(), u"enterprise"_s);
        page.tierSelector()->setCurrentIndex(page.tierSelector()->count() - 1);
        QTest::mouseClick(page.setTierButton(), Qt::LeftButton);
        QCOMPARE(backend.tierChanges.last(), qMakePair(u"user-314"_s, QString()));
    }
};

QTEST_MAIN(TestUsersPage)
#include "tst_userspage.moc"
