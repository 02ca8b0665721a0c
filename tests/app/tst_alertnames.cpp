#include "LocalStack.h"

#include "control/AlertDesk.h"
#include "forms/AlertRuleEditor.h"
#include "forms/ConfigApplier.h"
#include "models/AlertModel.h"
#include "pages/AlertsPage.h"
#include "widgets/EmptyState.h"

#include <QComboBox>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::LocalStack;

/// Alert rules and alerts by pool and tier name on the real Local backend, and the empty
/// states of the alert tables.
class TestAlertNames : public QObject
{
    Q_OBJECT

private slots:
    void ruleTargetIsChosenByName()
    {
        EngineConfig config = sluice::test::EngineFixture::defaultTestConfig();
        PoolConfig tts = config.pools.first();
        tts.name = u"tts"_s;
        config.pools.append(tts);
        LocalStack s(Role::Admin, config);
        AlertsPage page(*s.backend);
        AlertRuleEditor *editor = page.ruleEditor();
        QTRY_COMPARE(editor->ruleTexts(), QStringList{u"Concurrency of every pool at 80%"_s});
        QComboBox *target = editor->targetBox();
        QStringList choices;
        for (int i = 0; i < target->count(); ++i)
            choices << target->itemText(i);
        QCOMPARE(choices, (QStringList{u"Every pool"_s, u"llm"_s, u"tts"_s}));

        target->setCurrentIndex(target->findText(u"tts"_s));
        QCOMPARE(editor->ruleTexts(), QStringList{u"Concurrency of pool tts at 80%"_s});
        page.applier()->setReview(
            [](QWidget *, const QList<ConfigChange> &) { return std::optional<QString>(QString()); });
        QTest::mouseClick(page.applyRulesButton(), Qt::LeftButton);
        QTRY_COMPARE(s.engine().config().alertRules.first().target, u"tts"_s);
    }

    void alertsNameTheirPoolAndSayWhenThereAreNone()
    {
        LocalStack s;
        AlertsPage page(*s.backend);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_COMPARE(EmptyState::shownText(page.activeView()), u"No alerts firing"_s);

        for (int i = 0; i < 2; ++i)
            s.acquire(u"user-%1"_s.arg(i));
        s.advance(1000);
        QTRY_COMPARE(page.activeModel()->rowCount(), 1);
        QCOMPARE(page.activeModel()->index(0, AlertModel::Rule).data().toString(),
                 u"Concurrency"_s);
        QCOMPARE(page.activeModel()->index(0, AlertModel::Rule).data(Qt::ToolTipRole).toString(),
                 u"Rule id: pool-concurrency"_s);
        QCOMPARE(page.activeModel()->index(0, AlertModel::Target).data().toString(),
                 u"pool llm"_s);
        QCOMPARE(EmptyState::shownText(page.activeView()), QString());
    }
};

QTEST_MAIN(TestAlertNames)
#include "tst_alertnames.moc"
