#include "FakeBackend.h"
#include "SampleData.h"

#include "config/ConfigValidator.h"
#include "forms/ConfigApplier.h"
#include "forms/LimitInput.h"
#include "forms/LimitSpinBox.h"
#include "forms/PoolForm.h"
#include "forms/TierForm.h"
#include "pages/ConfigHistoryPanel.h"
#include "pages/LimitsPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

class TestLimitsPage : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeBackend> m_backend;
    std::unique_ptr<LimitsPage> m_page;
    QList<QList<ConfigChange>> m_reviews;

    void open(Role role)
    {
        m_backend = std::make_unique<FakeBackend>(role);
        SampleData::seed(*m_backend);
        m_page = std::make_unique<LimitsPage>(*m_backend);
        m_reviews.clear();
        m_page->applier()->setReview([this](QWidget *, const QList<ConfigChange> &changes) {
            m_reviews << changes;
            return std::optional<QString>(u"from the test"_s);
        });
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        // The picker opens on the pool in most trouble (the paused elevenlabs): choose.
        m_page->poolSelector()->setCurrentIndex(m_page->poolSelector()->findData(u"anthropic"_s));
    }

    static void type(LimitInput *input, const QString &text)
    {
        QDoubleSpinBox *spin = input->spinBox();
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, text);
    }

private slots:
    void cleanup()
    {
        m_page.reset();
        m_backend.reset();
    }

    void editedLimitReachesApplyConfigValidated()
    {
        open(Role::Admin);
        QCOMPARE(m_page->poolSelector()->currentText(), u"anthropic — 23 waiting"_s);
        type(m_page->poolForm()->input(u"requests_per_minute"_s), u"80"_s);
        QTest::keyClick(m_page->poolForm()->input(u"requests_per_minute"_s)->spinBox(),
                        Qt::Key_Tab);
        QVERIFY(m_page->applyButton()->isEnabled());
        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);

        QCOMPARE(m_reviews.size(), 1);
        QCOMPARE(m_reviews.first(), (QList<ConfigChange>{{u"pools.anthropic.requests_per_minute"_s,
                                                          u"50"_s, u"80"_s}}));
        QCOMPARE(m_backend->appliedConfigs.size(), 1);
        const EngineConfig &sent = m_backend->appliedConfigs.first();
        QCOMPARE(sent.pool(u"anthropic"_s)->requestsPerMinute, std::optional<int>(80));
        QVERIFY(validateConfig(sent).isEmpty());
        QCOMPARE(m_backend->applyNotes.first(), u"from the test"_s);
        QCOMPARE(m_page->messageLabel()->text(), u"Applied as version 4."_s);
        QVERIFY(!m_page->hasUnsavedChanges());
    }

    void outOfRangeValueCannotBeApplied_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("why");
        QTest::newRow("rpm 0") << u"requests_per_minute"_s << u"0"_s
                               << u"Requests per minute must be between 1 and 100000 (got 0)"_s;
        QTest::newRow("concurrency too high")
            << u"max_concurrent"_s << u"20000"_s
            << u"Concurrent requests must be between 1 and 10000 (got 20000)"_s;
        QTest::newRow("backoff 9") << u"retry.backoff_factor"_s << u"9"_s
                                   << u"Backoff factor must be between 1 and 5 (got 9)"_s;
    }
    void outOfRangeValueCannotBeApplied()
    {
        QFETCH(QString, path);
        QFETCH(QString, typed);
        QFETCH(QString, why);
        open(Role::Admin);
        LimitInput *input = m_page->poolForm()->input(path);
        type(input, typed);
        QCOMPARE(input->problem(), why);
        QVERIFY(!m_page->applyButton()->isEnabled());
        QVERIFY(m_page->applyButton()->toolTip().contains(why));
        QVERIFY(m_page->messageLabel()->text().contains(why));
        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);
        QCOMPARE(m_backend->appliedConfigs.size(), 0);
        QCOMPARE(m_reviews.size(), 0);
    }

    void crossFieldProblemIsShownNextToTheField()
    {
        open(Role::Admin);
        type(m_page->poolForm()->input(u"retry.base_delay_ms"_s), u"5000"_s);
        type(m_page->poolForm()->input(u"retry.max_delay_ms"_s), u"2000"_s);
        QTest::keyClick(m_page->poolForm()->input(u"retry.max_delay_ms"_s)->spinBox(), Qt::Key_Tab);
        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);
        QCOMPARE(m_backend->appliedConfigs.size(), 0);
        const QString error = m_page->poolForm()->input(u"retry.max_delay_ms"_s)->error();
        QVERIFY2(error.contains(u"max_delay_ms must be at least base_delay_ms 5000"_s),
                 qPrintable(error));
        QVERIFY(m_page->messageLabel()->text().startsWith(u"Not applied"_s));
    }

    void serverValidationErrorGoesNextToItsField()
    {
        open(Role::Admin);
        const QString message = u"pools.anthropic.max_concurrent exceeds the upstream plan"_s;
        m_backend->failNext = Error{
            u"VALIDATION_FAILED"_s, message, {{u"pools.anthropic.max_concurrent"_s, message}}};
        type(m_page->poolForm()->input(u"max_concurrent"_s), u"9"_s);
        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);
        QCOMPARE(m_backend->appliedConfigs.size(), 1);
        QCOMPARE(m_page->poolForm()->input(u"max_concurrent"_s)->error(), message);
        QVERIFY(m_page->messageLabel()->text().contains(message));
        QVERIFY(m_page->hasUnsavedChanges());
    }

    void presetSetsRateAndConcurrency()
    {
        open(Role::Admin);
        QTest::mouseClick(m_page->poolForm()->presetButton(u"Aggressive"_s), Qt::LeftButton);
        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);
        QCOMPARE(m_reviews.size(), 1);
        QCOMPARE(
            m_reviews.first(),
            (QList<ConfigChange>{{u"pools.anthropic.max_concurrent"_s, u"5"_s, u"20"_s},
                                 {u"pools.anthropic.requests_per_minute"_s, u"50"_s, u"200"_s}}));
    }

    void tierEditsAndPoolSwitchKeepEveryEdit()
    {
        open(Role::Admin);
        type(m_page->poolForm()->input(u"max_concurrent"_s), u"7"_s);
        m_page->poolSelector()->setCurrentIndex(m_page->poolSelector()->findData(u"anam"_s));
        QCOMPARE(m_page->poolForm()->input(u"max_concurrent"_s)->value(), std::optional<double>(1));
        m_page->tierSelector()->setCurrentText(u"pro"_s);
        type(m_page->tierForm()->input(u"daily_requests"_s), u"600"_s);
        QTest::mouseClick(m_page->tierForm()->input(u"max_concurrent_per_user"_s)->unlimitedBox(),
                          Qt::LeftButton);
        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);
        QCOMPARE(m_backend->appliedConfigs.size(), 1);
        const EngineConfig &sent = m_backend->appliedConfigs.first();
        QCOMPARE(sent.pool(u"anthropic"_s)->maxConcurrent, 7);
        QCOMPARE(sent.tier(u"pro"_s)->dailyRequests, 600);
        QCOMPARE(sent.tier(u"pro"_s)->maxConcurrentPerUser, std::nullopt);
        QCOMPARE(m_reviews.first().size(), 3);
    }

    void cancelledReviewSendsNothing()
    {
        open(Role::Admin);
        m_page->applier()->setReview(
            [](QWidget *, const QList<ConfigChange> &) { return std::optional<QString>(); });
        type(m_page->poolForm()->input(u"max_concurrent"_s), u"8"_s);
        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);
        QCOMPARE(m_backend->appliedConfigs.size(), 0);
        QVERIFY(m_page->hasUnsavedChanges());
    }

    void supportRoleSeesReadOnlyForms()
    {
        open(Role::Support);
        const QString why = u"Needs the admin role; this key is support."_s;
        for (LimitForm *form : {static_cast<LimitForm *>(m_page->poolForm()),
                                static_cast<LimitForm *>(m_page->tierForm())}) {
            for (LimitInput *input : form->inputs()) {
                QVERIFY(input->spinBox()->isReadOnly());
                QCOMPARE(input->spinBox()->toolTip(), why);
            }
        }
        QVERIFY(!m_page->applyButton()->isEnabled());
        QCOMPARE(m_page->applyButton()->toolTip(), why);
        QCOMPARE(m_page->messageLabel()->text(), u"Read only. "_s + why);
        QVERIFY(!m_page->poolForm()->presetButton(u"Balanced"_s)->isEnabled());
        QVERIFY(!m_page->historyPanel()->rollbackButton()->isEnabled());
        QCOMPARE(m_page->historyPanel()->rollbackButton()->toolTip(), why);
        QTest::keyClicks(m_page->poolForm()->input(u"max_concurrent"_s)->spinBox(), u"9"_s);
        QCOMPARE(m_page->poolForm()->input(u"max_concurrent"_s)->value(), std::optional<double>(5));
    }

    void rollbackAsksThenCallsTheBackend()
    {
        open(Role::Admin);
        QStringList questions;
        bool answer = false;
        m_page->setConfirm([&](QWidget *, const QString &, const QString &question) {
            questions << question;
            return answer;
        });
        m_page->historyPanel()->selectVersion(1);
        QVERIFY(m_page->historyPanel()->rollbackButton()->isEnabled());
        QTest::mouseClick(m_page->historyPanel()->rollbackButton(), Qt::LeftButton);
        QCOMPARE(questions.size(), 1);
        QVERIFY(questions.first().contains(u"version 1"_s));
        QVERIFY(m_backend->rollbacks.isEmpty());
        answer = true;
        QTest::mouseClick(m_page->historyPanel()->rollbackButton(), Qt::LeftButton);
        QCOMPARE(m_backend->rollbacks, QList<qint32>{1});
        QCOMPARE(m_page->messageLabel()->text(), u"Rolled back to version 1 as version 4."_s);
    }
};

QTEST_MAIN(TestLimitsPage)
#include "tst_limitspage.moc"
