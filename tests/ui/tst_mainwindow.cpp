#include "FakeBackend.h"
#include "SampleData.h"

#include "connections/GatewayDirectory.h"
#include "main/DashboardView.h"
#include "main/MainMenu.h"
#include "main/MainWindow.h"
#include "main/StatusPanel.h"
#include "main/TrayNotifier.h"
#include "models/GatewayListModel.h"
#include "pages/OverviewPage.h"
#include "pages/QueuesPage.h"
#include "pages/UsersPage.h"
#include "util/ManualClock.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

class TestMainWindow : public QObject
{
    Q_OBJECT

    ManualClock m_clock{SampleData::kNow};

    struct Fixture
    {
        Fixture()
            : settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)
            , secrets(u"sluice-test"_s, dir.filePath(u"keys.ini"_s), SecretStore::Mode::FileOnly)
            , directory(settings, secrets)
        {
            SampleData::seed(local);
        }
        QTemporaryDir dir;
        QSettings settings;
        SecretStore secrets;
        GatewayDirectory directory;
        FakeBackend local{Role::Admin};
    };

private slots:
    void localFirstAndActivatesOnRestore()
    {
        Fixture f;
        f.directory.add({{}, u"Production"_s, u"https://prod:8787"_s, true, {}}, u"k"_s);
        MainWindow window(f.settings, f.directory, m_clock);
        QSignalSpy activated(&window, &MainWindow::gatewayActivated);
        window.restoreSettings();
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().first().toString(), GatewayEntry::kLocalId);
        QCOMPARE(window.gatewayModel()->index(0, 0).data().toString(), u"Local"_s);
        QCOMPARE(window.gatewayModel()->index(1, 0).data().toString(), u"Production"_s);
        window.setBackend(GatewayEntry::kLocalId, &f.local);
        QVERIFY(window.view(GatewayEntry::kLocalId));
        QCOMPARE(window.statusPanel()->connectionText(), u"Local: connected"_s);
        QCOMPARE(window.statusPanel()->roleText(), u"role: admin"_s);
    }

    void shortcutsSwitchPages()
    {
        Fixture f;
        MainWindow window(f.settings, f.directory, m_clock);
        window.restoreSettings();
        window.setBackend(GatewayEntry::kLocalId, &f.local);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (int page = 0; page <= MainWindow::kConnectionsPage; ++page) {
            QCOMPARE(window.pageAction(page)->shortcut(),
                     QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)));
            QTest::keyClick(&window, Qt::Key(Qt::Key_1 + page), Qt::ControlModifier);
            QCOMPARE(window.currentPage(), page);
            if (page < MainWindow::kConnectionsPage)
                QCOMPARE(window.view(GatewayEntry::kLocalId)->currentPage(), page);
        }
    }

    void settingsPersist()
    {
        Fixture f;
        const QString id =
            f.directory.add({{}, u"Staging"_s, u"https://staging:8787"_s, true, {}}, u"k"_s);
        {
            MainWindow window(f.settings, f.directory, m_clock);
            window.restoreSettings();
            window.setBackend(GatewayEntry::kLocalId, &f.local);
            window.view(GatewayEntry::kLocalId)->overview()->setRangeMinutes(15);
            window.resize(1111, 777);
            window.selectGateway(id);
            window.showPage(2);
            window.saveSettings();
        }
        MainWindow again(f.settings, f.directory, m_clock);
        QSignalSpy activated(&again, &MainWindow::gatewayActivated);
        again.restoreSettings();
        QCOMPARE(again.currentGateway(), id);
        QCOMPARE(activated.first().first().toString(), id);
        QCOMPARE(again.currentPage(), 2);
        QCOMPARE(again.size(), QSize(1111, 777));
        FakeBackend staging(Role::Support);
        SampleData::seed(staging);
        again.setBackend(id, &staging);
        QCOMPARE(again.view(id)->overview()->rangeMinutes(), 15);
        QCOMPARE(again.statusPanel()->roleText(), u"role: support"_s);
    }

    void remoteStateReachesTheListAndStatusBar()
    {
        Fixture f;
        const QString id =
            f.directory.add({{}, u"Production"_s, u"https://prod:8787"_s, true, {}}, u"k"_s);
        MainWindow window(f.settings, f.directory, m_clock);
        window.restoreSettings();
        window.selectGateway(id);
        QCOMPARE(window.statusPanel()->connectionText(), u"Production: connecting"_s);
        FakeBackend remote(Role::Operator);
        remote.state = ConnectionState::Reconnecting;
        window.setBackend(id, &remote);
        const int row = window.gatewayModel()->rowOf(id);
        QCOMPARE(window.gatewayModel()->index(row, GatewayListModel::State).data().toString(),
                 u"reconnecting"_s);
        remote.setState(ConnectionState::AuthFailed);
        QCOMPARE(window.gatewayModel()->index(row, GatewayListModel::State).data().toString(),
                 u"auth failed"_s);
        QCOMPARE(window.statusPanel()->connectionText(), u"Production: auth failed"_s);
        QVERIFY(!window.demoTrafficAction()->isEnabled());
        window.setBackend(id, nullptr);
        QVERIFY(!window.view(id));
    }

    void demoTrafficIsASwitchForLocal()
    {
        Fixture f;
        MainWindow window(f.settings, f.directory, m_clock);
        window.restoreSettings();
        QSignalSpy toggled(&window, &MainWindow::demoTrafficToggled);
        QAction *demo = window.demoTrafficAction();
        QCOMPARE(demo->text(), u"Demo traffic"_s);
        QVERIFY(demo->isCheckable());
        QVERIFY(demo->isEnabled());
        demo->trigger();
        QCOMPARE(toggled.count(), 1);
        QCOMPARE(toggled.first().first().toBool(), true);
        window.setDemoTrafficOn(false);
        QCOMPARE(toggled.count(), 1);
        QVERIFY(!demo->isChecked());
    }

    void trayNotifiesOnlyWhileHidden()
    {
        QWidget window;
        TrayNotifier tray(window);
        QVERIFY(tray.shouldNotify());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!tray.shouldNotify());
        window.showMinimized();
        QVERIFY(tray.shouldNotify());
        QCOMPARE(tray.notify(u"Local"_s, SampleData::firingAlert()), tray.available());
    }

    void menuBarListsTheStandardActions()
    {
        Fixture f;
        MainWindow window(f.settings, f.directory, m_clock);
        QStringList menus;
        for (QAction *action : window.menuBar()->actions())
            menus << action->text();
        QCOMPARE(menus, (QStringList{u"&File"_s, u"&View"_s, u"&Help"_s}));
        QCOMPARE(window.menu()->refreshAction()->shortcut(), QKeySequence(QKeySequence::Refresh));
        QCOMPARE(window.menu()->findAction()->shortcut(), QKeySequence(QKeySequence::Find));
        const QString text = window.menu()->shortcutsText();
        for (const QString &line : {u"Ctrl+1\tOverview"_s, u"Ctrl+7\tConnections"_s,
                                    u"F5\tRefresh"_s, u"Ctrl+F\tFind"_s, u"Ctrl+Q\tQuit"_s})
            QVERIFY2(text.contains(line), qPrintable(text));
    }

    void refreshRereadsTheCurrentPage()
    {
        Fixture f;
        MainWindow window(f.settings, f.directory, m_clock);
        window.restoreSettings();
        window.setBackend(GatewayEntry::kLocalId, &f.local);
        window.showPage(DashboardView::Audit);
        const qsizetype audits = f.local.auditQueries.size();
        window.menu()->refreshAction()->trigger();
        QCOMPARE(f.local.auditQueries.size(), audits + 1);
        window.showPage(DashboardView::Queues);
        const qsizetype queues = f.local.queueRequests.size();
        window.menu()->refreshAction()->trigger();
        QCOMPARE(f.local.queueRequests.size(), queues + 1);
        QCOMPARE(f.local.retriesNow, 0); // fresh data: no reconnect
    }

    void findGoesToTheSearchBoxOfThePage()
    {
        Fixture f;
        MainWindow window(f.settings, f.directory, m_clock);
        window.restoreSettings();
        window.setBackend(GatewayEntry::kLocalId, &f.local);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showPage(DashboardView::Overview);
        window.menu()->findAction()->trigger();
        DashboardView *view = window.view(GatewayEntry::kLocalId);
        QCOMPARE(window.currentPage(), int(DashboardView::Users));
        QCOMPARE(view->currentPage(), int(DashboardView::Users));
        QTRY_COMPARE(QApplication::focusWidget(), view->users()->searchBox());
        window.showPage(DashboardView::Queues);
        window.menu()->findAction()->trigger();
        QCOMPARE(window.currentPage(), int(DashboardView::Queues));
        QTRY_COMPARE(QApplication::focusWidget(), view->queues()->userFilter());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
