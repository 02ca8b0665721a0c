#include "GatewayFixture.h"

#include "backend/ApiBackend.h"
#include "forms/ConfigApplier.h"
#include "forms/LimitInput.h"
#include "forms/LimitSpinBox.h"
#include "forms/PoolForm.h"
#include "forms/TierForm.h"
#include "models/QueueModel.h"
#include "pages/LimitsPage.h"
#include "pages/QueuesPage.h"
#include "pages/UsersPage.h"
#include "remote/RemoteTransport.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::GatewayFixture;

/// Pages on a remote gateway through a key of a given role: what the role may not do is
/// disabled and says why, and the gateway refuses it too.
class TestPagesRemoteRole : public QObject
{
    Q_OBJECT

    struct Remote
    {
        GatewayFixture gateway;
        Scheduler timers{gateway.clock, false};
        std::unique_ptr<RemoteTransport> transport;
        std::unique_ptr<ApiBackend> backend;

        explicit Remote(Role role)
        {
            if (!gateway.start())
                return;
            RemoteSettings settings;
            settings.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(gateway.gateway->port()));
            settings.apiKey = QString::fromLatin1(gateway.createKey(role));
            transport = std::make_unique<RemoteTransport>(settings, timers);
            backend = std::make_unique<ApiBackend>(*transport, u"Remote"_s, gateway.clock);
        }
        bool connected()
        {
            return backend &&
                   QTest::qWaitFor(
                       [&] { return backend->connectionState() == ConnectionState::Connected; },
                       10'000);
        }
    };

private slots:
    void supportKeySeesReadOnlyLimits()
    {
        Remote r(Role::Support);
        LimitsPage page(*r.backend);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(r.connected());
        const QString why = u"Needs the admin role; this key is support."_s;
        QTRY_COMPARE(page.applyButton()->toolTip(), why);
        QVERIFY(!page.applyButton()->isEnabled());
        for (LimitInput *input : page.poolForm()->inputs()) {
            QVERIFY(input->spinBox()->isReadOnly());
            QCOMPARE(input->spinBox()->toolTip(), why);
        }
        for (LimitInput *input : page.tierForm()->inputs())
            QVERIFY(input->spinBox()->isReadOnly());
        QVERIFY(!page.poolForm()->presetButton(u"Balanced"_s)->isEnabled());
        QVERIFY(page.messageLabel()->text().contains(u"admin"_s));
    }

    void adminKeyEditsLimitsOverHttp()
    {
        Remote r(Role::Admin);
        LimitsPage page(*r.backend);
        page.applier()->setReview([](QWidget *, const QList<ConfigChange> &) {
            return std::optional<QString>(u"remote"_s);
        });
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(r.connected());
        QTRY_COMPARE(page.poolSelector()->currentData().toString(), u"llm"_s);
        QDoubleSpinBox *spin = page.poolForm()->input(u"max_concurrent"_s)->spinBox();
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, u"4"_s);
        QTest::keyClick(spin, Qt::Key_Tab);
        QTRY_VERIFY(page.applyButton()->isEnabled());
        QTest::mouseClick(page.applyButton(), Qt::LeftButton);
        QTRY_COMPARE(r.gateway.engine().config().pools.first().maxConcurrent, 4);
        QTRY_VERIFY2(page.messageLabel()->text().startsWith(u"Applied as version"_s),
                     qPrintable(page.messageLabel()->text()));
    }

    void supportKeyCannotPurgeOrChangeTiers()
    {
        Remote r(Role::Support);
        QueuesPage queues(*r.backend);
        UsersPage users(*r.backend, r.gateway.clock);
        queues.show();
        QVERIFY(r.connected());
        QTRY_COMPARE(queues.currentPool(), u"llm"_s);
        for (PoolAction action : {PoolAction::Pause, PoolAction::Drain, PoolAction::Purge}) {
            QVERIFY(!queues.button(action)->isEnabled());
            QCOMPARE(queues.button(action)->toolTip(),
                     u"Needs the operator role; this key is support."_s);
        }
        users.search(u"alice"_s);
        QVERIFY(!users.setTierButton()->isEnabled());
        QCOMPARE(users.setTierButton()->toolTip(), u"Needs the admin role; this key is support."_s);
    }

    void operatorKeyPurgesOverHttp()
    {
        Remote r(Role::Operator);
        for (int i = 0; i < 4; ++i) {
            AcquireRequest request;
            request.pool = u"llm"_s;
            request.user = u"u%1"_s.arg(i);
            r.gateway.engine().acquire(request);
        }
        QueuesPage page(*r.backend);
        QStringList questions;
        page.setConfirm([&](QWidget *, const QString &, const QString &question) {
            questions << question;
            return true;
        });
        page.show();
        QVERIFY(r.connected());
        QTRY_COMPARE(page.currentPool(), u"llm"_s);
        page.refresh();
        QTRY_COMPARE(page.model()->rowCount(), 2);
        QTRY_VERIFY(page.button(PoolAction::Purge)->isEnabled());
        QTest::mouseClick(page.button(PoolAction::Purge), Qt::LeftButton);
        QCOMPARE(questions.size(), 1);
        QTRY_COMPARE(page.messageLabel()->text(), u"Purged 2 tickets from llm."_s);
        QCOMPARE(r.gateway.engine().poolStatus(u"llm"_s)->waiting, qint64(0));
    }
};

QTEST_MAIN(TestPagesRemoteRole)
#include "tst_pagesremoterole.moc"
