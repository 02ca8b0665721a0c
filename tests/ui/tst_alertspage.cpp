#include "FakeBackend.h"
#include "SampleData.h"

#include "forms/AlertRuleEditor.h"
#include "forms/ConfigApplier.h"
#include "forms/LimitInput.h"
#include "forms/LimitSpinBox.h"
#include "main/DashboardView.h"
#include "models/AlertModel.h"
#include "pages/AlertsPage.h"
#include "util/ManualClock.h"
#include "widgets/AlertBanner.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

class TestAlertsPage : public QObject
{
    Q_OBJECT

private slots:
    void firingAlertShowsTheBanner()
    {
        FakeBackend backend(Role::Operator);
        SampleData::seed(backend);
        DashboardSnapshot quiet = backend.current;
        quiet.activeAlerts.clear();
        backend.current = quiet;
        ManualClock clock(SampleData::kNow);
        DashboardView view(backend, clock);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.banner()->isHidden());

        DashboardSnapshot firing = quiet;
        firing.activeAlerts = {SampleData::firingAlert()};
        backend.publish(firing);
        QVERIFY(view.banner()->isVisible());
        QCOMPARE(view.banner()->text(),
                 u"⚠ Alert firing: anthropic concurrency at 100% (5 of 5)"_s);

        QSignalSpy requested(&view, &DashboardView::pageRequested);
        QTest::mouseClick(view.banner()->findChild<QPushButton *>(), Qt::LeftButton);
        QCOMPARE(view.currentPage(), int(DashboardView::Alerts));
        QCOMPARE(requested.count(), 1);

        firing.activeAlerts[0].ackedAt = SampleData::kNow;
        backend.publish(firing);
        QVERIFY(view.banner()->isHidden());
    }

    void bannerCountsSeveralAlerts()
    {
        AlertBanner banner;
        QList<AlertRecord> alerts;
        for (int i = 0; i < 5; ++i) {
            AlertRecord alert = SampleData::firingAlert();
            alert.id = i;
            alert.message = u"alert "_s % QString::number(i);
            alerts << alert;
        }
        banner.setAlerts(alerts);
        QCOMPARE(banner.text(), u"⚠ 5 alerts firing: alert 0; alert 1; alert 2; and 2 more"_s);
    }

    void acknowledgeAndTestAlert()
    {
        FakeBackend backend(Role::Operator);
        SampleData::seed(backend);
        AlertsPage page(backend);
        QCOMPARE(page.activeModel()->rowCount(), 1);
        QCOMPARE(page.historyModel()->rowCount(), 1);
        QVERIFY(!page.acknowledgeButton()->isEnabled());
        page.activeView()->selectRow(0);
        QVERIFY(page.acknowledgeButton()->isEnabled());
        QTest::mouseClick(page.acknowledgeButton(), Qt::LeftButton);
        QCOMPARE(backend.acknowledged, QList<qint64>{7});
        QCOMPARE(page.activeModel()->index(0, AlertModel::State).data().toString(),
                 u"acknowledged"_s);
        QTest::mouseClick(page.testButton(), Qt::LeftButton);
        QCOMPARE(backend.testAlerts, 1);
        QCOMPARE(page.messageLabel()->text(), u"Test alert sent to every sink."_s);
        QVERIFY(!page.applyRulesButton()->isEnabled());
        QCOMPARE(page.applyRulesButton()->toolTip(),
                 u"Needs the admin role; this key is operator."_s);
    }

    void supportCannotAcknowledge()
    {
        FakeBackend backend(Role::Support);
        SampleData::seed(backend);
        AlertsPage page(backend);
        page.activeView()->selectRow(0);
        QVERIFY(!page.acknowledgeButton()->isEnabled());
        QVERIFY(!page.testButton()->isEnabled());
        QCOMPARE(page.testButton()->toolTip(), u"Needs the operator role; this key is support."_s);
        QVERIFY(page.ruleEditor()->thresholdInput()->spinBox()->isReadOnly());
    }

    void ruleAndWebhookEditsAreAppliedAsConfiguration()
    {
        FakeBackend backend(Role::Admin);
        SampleData::seed(backend);
        AlertsPage page(backend);
        QList<ConfigChange> reviewed;
        page.applier()->setReview([&](QWidget *, const QList<ConfigChange> &changes) {
            reviewed = changes;
            return std::optional<QString>(u"tune alerts"_s);
        });
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.ruleEditor()->selectRule(1);
        LimitSpinBox *threshold = page.ruleEditor()->thresholdInput()->spinBox();
        threshold->setFocus();
        threshold->selectAll();
        QTest::keyClicks(threshold, u"0.9"_s);
        page.ruleEditor()->webhookEdit()->setFocus();
        QTest::keyClicks(page.ruleEditor()->webhookEdit(), u"https://hooks.example.com/x"_s);
        QTest::mouseClick(page.applyRulesButton(), Qt::LeftButton);
        QCOMPARE(backend.appliedConfigs.size(), 1);
        const EngineConfig &sent = backend.appliedConfigs.first();
        QCOMPARE(sent.alertRules.at(1).threshold, 0.9);
        QCOMPARE(sent.alertWebhookUrl, u"https://hooks.example.com/x"_s);
        QCOMPARE(reviewed.size(), 2);
        QVERIFY(page.messageLabel()->text().startsWith(u"Alert rules applied"_s));
    }

    void clearLevelAboveThresholdIsRefusedByTheField()
    {
        FakeBackend backend(Role::Admin);
        SampleData::seed(backend);
        AlertsPage page(backend);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        LimitSpinBox *clear = page.ruleEditor()->clearInput()->spinBox();
        clear->setFocus();
        clear->selectAll();
        QTest::keyClicks(clear, u"0.95"_s);
        QTest::keyClick(clear, Qt::Key_Tab);
        QTest::mouseClick(page.applyRulesButton(), Qt::LeftButton);
        QCOMPARE(backend.appliedConfigs.size(), 0);
        QVERIFY2(
            page.ruleEditor()->clearInput()->error().contains(u"must be below the threshold"_s),
            qPrintable(page.ruleEditor()->clearInput()->error()));
    }
};

QTEST_MAIN(TestAlertsPage)
#include "tst_alertspage.moc"
