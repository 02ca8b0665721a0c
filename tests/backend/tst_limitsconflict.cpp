#include "AwaitResult.h"
#include "LocalStack.h"

#include "control/ConfigVersions.h"
#include "forms/ConfigApplier.h"
#include "forms/LimitInput.h"
#include "forms/LimitSpinBox.h"
#include "forms/PoolForm.h"
#include "pages/ConfigHistoryPanel.h"
#include "pages/LimitsPage.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::LocalStack;

/// Two admins editing the limits at once, the bug report's way: the Limits page on the local
/// backend (ApiBackend over LocalTransport, a real engine and store) while another admin's
/// version is applied through the same ConfigVersions an API call reaches.
class TestLimitsConflict : public QObject
{
    Q_OBJECT

    std::unique_ptr<LocalStack> m_stack;
    std::unique_ptr<LimitsPage> m_page;
    QList<QList<ConfigChange>> m_reviews;
    QList<ConfigRebase> m_conflicts;
    ConflictChoice m_choice = ConflictChoice::Cancel;

    void open()
    {
        m_stack = std::make_unique<LocalStack>();
        m_page = std::make_unique<LimitsPage>(*m_stack->backend);
        m_page->applier()->setReview([this](QWidget *, const QList<ConfigChange> &changes) {
            m_reviews << changes;
            return std::optional<QString>(u"alice's edit"_s);
        });
        m_page->setConflictChoice([this](QWidget *, const ConfigRebase &rebase) {
            m_conflicts << rebase;
            return m_choice;
        });
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        QTRY_COMPARE(m_page->poolSelector()->currentData().toString(), u"llm"_s);
    }

    LimitInput *input(const QString &path) { return m_page->poolForm()->input(path); }

    void type(const QString &path, const QString &text)
    {
        QDoubleSpinBox *spin = input(path)->spinBox();
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, text);
        QTest::keyClick(spin, Qt::Key_Tab);
    }

    /// Admin B's change, as PUT /v1/config/pools/llm would make it.
    qint32 bobSetsSlots(int count)
    {
        EngineConfig config = m_stack->engine().config();
        config.pools.first().maxConcurrent = count;
        const Result<ConfigApplied> result = m_stack->configVersions().apply(config, u"bob"_s);
        return result.ok() ? result->version : 0;
    }

private slots:
    void cleanup()
    {
        m_page.reset();
        m_stack.reset();
        m_reviews.clear();
        m_conflicts.clear();
    }

    /// B's version reaches A's open form without losing A's edit; A's Apply then shows and
    /// sends only A's change, on top of B's.
    void aVersionAppliedElsewhereAppearsInTheOpenForm()
    {
        open();
        const qint32 base = m_page->baseVersion();
        type(u"requests_per_minute"_s, u"40"_s);
        QVERIFY(m_page->hasUnsavedChanges());
        const qint32 bobs = bobSetsSlots(6);
        QCOMPARE(bobs, base + 1);
        QTRY_COMPARE(m_page->baseVersion(), bobs);
        QCOMPARE(input(u"max_concurrent"_s)->spinBox()->value(), 6.0);
        QCOMPARE(input(u"requests_per_minute"_s)->spinBox()->value(), 40.0);
        const QString message = m_page->messageLabel()->text();
        QVERIFY2(message.contains(u"Version %1 was applied by bob"_s.arg(bobs)) &&
                     message.contains(u"Concurrent requests 2 → 6"_s),
                 qPrintable(message));

        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);
        QCOMPARE(m_reviews.size(), 1);
        QCOMPARE(m_reviews.first(),
                 (QList<ConfigChange>{{u"pools.llm.requests_per_minute"_s, u"10"_s, u"40"_s}}));
        QTRY_COMPARE(m_stack->configVersions().version(), bobs + 1);
        QCOMPARE(m_stack->engine().config().pools.first().maxConcurrent, 6);
        QCOMPARE(m_stack->engine().config().pools.first().requestsPerMinute, std::optional(40));
        QVERIFY(m_conflicts.isEmpty());
    }

    /// The race the live update cannot close: B's version lands between A's click and the
    /// gateway. Nothing of A's is applied; A is asked, and merging keeps both changes, with
    /// the setting both changed marked and A's value kept for A to review.
    void aStaleApplyIsRefusedAndMergedOnRequest()
    {
        open();
        const qint32 base = m_page->baseVersion();
        type(u"max_concurrent"_s, u"5"_s);
        type(u"requests_per_minute"_s, u"40"_s);
        const qint32 bobs = bobSetsSlots(6); // before the page hears of it
        m_choice = ConflictChoice::Merge;
        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);
        QTRY_COMPARE(m_conflicts.size(), 1);
        QCOMPARE(m_stack->configVersions().version(), bobs); // A's edit was not applied
        QCOMPARE(m_stack->engine().config().pools.first().maxConcurrent, 6);
        const ConfigRebase &conflict = m_conflicts.first();
        QCOMPARE(conflict.baseVersion, base);
        QCOMPARE(conflict.current.version, bobs);
        QCOMPARE(conflict.actors, QStringList{u"bob"_s});
        QCOMPARE(conflict.merge.theirs,
                 (QList<ConfigChange>{{u"pools.llm.max_concurrent"_s, u"2"_s, u"6"_s}}));
        QCOMPARE(conflict.merge.conflicts, QStringList{u"pools.llm.max_concurrent"_s});

        QCOMPARE(m_page->baseVersion(), bobs);
        QCOMPARE(input(u"max_concurrent"_s)->spinBox()->value(), 5.0); // A's, to review
        QVERIFY(m_page->messageLabel()->text().startsWith(u"Merged onto version"_s));
        // Applying again shows A what A's value now replaces: B's 6, not the 2 A started from.
        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);
        QCOMPARE(m_reviews.size(), 2);
        QCOMPARE(m_reviews.last(),
                 (QList<ConfigChange>{{u"pools.llm.max_concurrent"_s, u"6"_s, u"5"_s},
                                      {u"pools.llm.requests_per_minute"_s, u"10"_s, u"40"_s}}));
        QTRY_COMPARE(m_stack->configVersions().version(), bobs + 1);
        QCOMPARE(m_stack->engine().config().pools.first().maxConcurrent, 5);
    }

    void aStaleApplyCanBeDroppedForTheNewVersion()
    {
        open();
        type(u"max_concurrent"_s, u"5"_s);
        const qint32 bobs = bobSetsSlots(6);
        m_choice = ConflictChoice::Reload;
        QTest::mouseClick(m_page->applyButton(), Qt::LeftButton);
        QTRY_COMPARE(m_conflicts.size(), 1);
        QCOMPARE(m_page->baseVersion(), bobs);
        QVERIFY(!m_page->hasUnsavedChanges());
        QCOMPARE(input(u"max_concurrent"_s)->spinBox()->value(), 6.0);
        QCOMPARE(m_stack->configVersions().version(), bobs);
    }

    void aRollbackFromAnOlderVersionIsRefused()
    {
        open();
        const qint32 base = m_page->baseVersion();
        bobSetsSlots(6);
        // The page has not heard of version base + 1 yet: its rollback names `base`.
        bool asked = false;
        m_page->setConfirm([&asked](QWidget *, const QString &, const QString &) {
            asked = true;
            return true;
        });
        emit m_page->historyPanel()->rollbackRequested(base);
        QVERIFY(asked);
        QTRY_VERIFY(m_page->messageLabel()->text().startsWith(u"Not rolled back"_s));
        QCOMPARE(m_stack->configVersions().version(), base + 1);
        QCOMPARE(m_stack->engine().config().pools.first().maxConcurrent, 6);
    }
};

QTEST_MAIN(TestLimitsConflict)
#include "tst_limitsconflict.moc"
