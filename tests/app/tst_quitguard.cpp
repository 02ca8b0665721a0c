// Closing the window, Quit and the "Serve API" switch never stop the Local API silently: the
// real DashboardApp serving on 127.0.0.1 (port 0), with the questions answered by the test.

#include "DashboardApp.h"
#include "EmbeddedEngine.h"
#include "ServeSwitch.h"
#include "main/MainMenu.h"
#include "main/MainWindow.h"
#include "main/TrayNotifier.h"

#include <QAction>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace sluice;
using namespace Qt::StringLiterals;

class TestQuitGuard : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QStringList m_questions;
    bool m_answer = false;

    ConfirmFn answer()
    {
        return [this](QWidget *, const QString &, const QString &question) {
            m_questions << question;
            return m_answer;
        };
    }

    std::unique_ptr<DashboardApp> start(bool serve)
    {
        DashboardOptions options;
        options.dataDir = m_dir.filePath(u"data"_s);
        options.settingsPath = m_dir.filePath(u"settings.ini"_s);
        options.serve = serve;
        options.port = 0; // any free port
        DashboardApp::Setup setup;
        setup.secrets = SecretStore::Mode::FileOnly;
        setup.actor = u"tester"_s;
        auto app = std::make_unique<DashboardApp>(options, setup);
        if (const Result<Done> started = app->start(); !started)
            qWarning().noquote() << started.error().message;
        else if (!QTest::qWaitFor(
                     [&] { return app->serveSwitch().text() != ServeSwitch::kStarting; }))
            qWarning() << "the serve switch did not settle";
        app->serveSwitch().setConfirm(answer());
        app->window().closeGuard().setConfirm(answer());
        app->window().show();
        return app;
    }

private slots:
    void init()
    {
        m_questions.clear();
        m_answer = false;
        QVERIFY(QSystemTrayIcon::isSystemTrayAvailable() == false); // offscreen: no tray
    }

    void turningTheApiOffAsksAndNoKeepsServing()
    {
        auto app = start(true);
        QVERIFY(app->engine().isServing());
        const QString address = ServeSwitch::address(app->engine().port());
        app->serveSwitch().button()->click();
        QCOMPARE(m_questions.size(), 1);
        QVERIFY2(m_questions.first().contains(address), qPrintable(m_questions.first()));
        QVERIFY(app->serveSwitch().button()->isChecked());
        QVERIFY(app->engine().isServing());

        m_answer = true;
        app->serveSwitch().button()->click();
        QTRY_VERIFY(!app->engine().isServing());
        QCOMPARE(app->serveSwitch().text(), u"API off"_s);
        // Turning it on again asks nothing.
        app->serveSwitch().button()->click();
        QTRY_VERIFY(app->engine().isServing());
        QCOMPARE(m_questions.size(), 2);
    }

    void closingWhileServingAsksWithoutATray()
    {
        auto app = start(true);
        QSignalSpy quit(&app->window(), &MainWindow::quitRequested);
        QVERIFY(!app->window().tray()->available());
        QVERIFY(!app->window().close());
        QCOMPARE(m_questions.size(), 1);
        QVERIFY(m_questions.first().contains(u"Quitting stops it"_s));
        QVERIFY(app->window().isVisible());
        QCOMPARE(quit.count(), 0);
        QVERIFY(app->engine().isServing());

        m_answer = true;
        QVERIFY(app->window().close());
        QCOMPARE(quit.count(), 1);
    }

    void closingWhileNotServingAsksNothing()
    {
        auto app = start(false);
        QSignalSpy quit(&app->window(), &MainWindow::quitRequested);
        QVERIFY(app->window().close());
        QVERIFY(m_questions.isEmpty());
        QCOMPARE(quit.count(), 1);
    }

    void quitAsksWhileServing()
    {
        auto app = start(true);
        QSignalSpy quit(&app->window(), &MainWindow::quitRequested);
        QAction *action = app->window().menu()->quitAction();
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
        action->trigger();
        QCOMPARE(m_questions.size(), 1);
        QCOMPARE(quit.count(), 0);
        m_answer = true;
        action->trigger();
        QCOMPARE(quit.count(), 1);
    }

    void theServedAddressFollowsTheSwitch()
    {
        auto app = start(true);
        const QString address = ServeSwitch::address(app->engine().port());
        QTRY_COMPARE(app->window().closeGuard().serving(), address);
        m_answer = true;
        app->serveSwitch().button()->click();
        QTRY_VERIFY(app->window().closeGuard().serving().isEmpty());
        QSignalSpy quit(&app->window(), &MainWindow::quitRequested);
        app->window().menu()->quitAction()->trigger();
        QCOMPARE(quit.count(), 1);
        QCOMPARE(m_questions.size(), 1); // only the switch asked
    }
};

QTEST_MAIN(TestQuitGuard)
#include "tst_quitguard.moc"
