#include "AwaitResult.h"

#include "DashboardApp.h"
#include "EmbeddedEngine.h"
#include "Gateway.h"
#include "ServeSwitch.h"
#include "api/ApiKeys.h"
#include "api/ApiService.h"
#include "backend/ApiBackend.h"
#include "connections/GatewayDirectory.h"
#include "engine/Engine.h"
#include "main/DashboardView.h"
#include "main/MainWindow.h"
#include "remote/RemoteTransport.h"
#include "runtime/DemoTraffic.h"
#include "runtime/EngineRuntime.h"

#include <QAction>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::awaitResult;

/// DashboardApp wires one application: the embedded engine with its state in the data
/// directory, serving its API (or saying why not), the Local and remote backends, the demo
/// traffic switch.
class TestDashboardApp : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    DashboardOptions options(std::optional<bool> serve = false, quint16 port = 0) const
    {
        DashboardOptions o;
        o.dataDir = m_dir.filePath(u"data"_s);
        o.settingsPath = m_dir.filePath(u"settings.ini"_s);
        o.serve = serve;
        o.port = port;
        return o;
    }

    static DashboardApp::Setup setup()
    {
        DashboardApp::Setup s;
        s.secrets = SecretStore::Mode::FileOnly;
        s.actor = u"tester"_s;
        return s;
    }

    /// Starts the app and waits until the serve switch shows what the engine thread did and the
    /// first snapshot is in (both come queued from the engine thread).
    static std::unique_ptr<DashboardApp> start(const DashboardOptions &o)
    {
        auto app = std::make_unique<DashboardApp>(o, setup());
        if (const Result<Done> started = app->start(); !started)
            qWarning().noquote() << started.error().message;
        else if (!settled(*app))
            qWarning() << "the serve switch still says" << app->serveSwitch().text();
        else if (!QTest::qWaitFor(
                     [&] { return app->localBackend().follower().snapshotsApplied() > 0; }))
            qWarning() << "no snapshot from the engine thread";
        return app;
    }

    /// Waits until the serve switch shows the engine thread's answer.
    static bool settled(DashboardApp &app)
    {
        return QTest::qWaitFor([&] { return app.serveSwitch().text() != ServeSwitch::kStarting; });
    }

    /// Runs `work` with the embedded gateway on the engine thread.
    template<typename Work> static auto onEngine(DashboardApp &app, Work work)
    {
        EmbeddedEngine &engine = app.engine();
        return engine.call([&] { return work(engine.gateway()); });
    }

    static int httpStatus(quint16 port, const QString &path)
    {
        QNetworkAccessManager network;
        QNetworkReply *reply =
            network.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(10'000))
            return -1;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        return status;
    }

private slots:
    void init() { QVERIFY(m_dir.isValid()); }
    void cleanup()
    {
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
    }

    void localComesFirstAndIsConnected()
    {
        auto app = start(options());
        QCOMPARE(app->directory().gateways().first().id, GatewayEntry::kLocalId);
        QCOMPARE(app->localBackend().connectionState(), ConnectionState::Connected);
        QCOMPARE(app->localBackend().role(), Role::Admin);
        QVERIFY(app->window().view(GatewayEntry::kLocalId));
        QCOMPARE(app->window().currentGateway(), GatewayEntry::kLocalId);
        QVERIFY(QFile::exists(m_dir.filePath(u"data/sluice.db"_s)));
        QVERIFY(!app->localBackend().snapshot().pools.isEmpty());
    }

    void servesTheApiOnLoopback()
    {
        auto app = start(options(true, 0));
        QVERIFY(app->engine().isServing());
        const quint16 port = app->engine().port();
        QVERIFY(port > 0);
        QCOMPARE(httpStatus(port, u"/healthz"_s), 200);
        QCOMPARE(httpStatus(port, u"/v1/status"_s), 401);
        QCOMPARE(app->serveSwitch().text(), u"API on http://127.0.0.1:%1"_s.arg(port));
        QVERIFY(app->serveSwitch().button()->isChecked());
    }

    void busyPortIsReportedAndTheAppRunsOn()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost));
        auto app = start(options(true, squatter.serverPort()));
        QVERIFY(!app->engine().isServing());
        const QString text = app->serveSwitch().text();
        QVERIFY2(text.startsWith(u"API not served: "_s) &&
                     text.contains(QString::number(squatter.serverPort())),
                 qPrintable(text));
        QVERIFY(!app->serveSwitch().button()->isChecked());
        QCOMPARE(app->localBackend().connectionState(), ConnectionState::Connected);
    }

    void serveSwitchIsRememberedAndTheCommandLineWins()
    {
        {
            auto app = start(options(std::nullopt, 0));
            QVERIFY(app->engine().isServing());
            app->serveSwitch().setConfirm([](QWidget *, const QString &, const QString &) {
                return true;
            });
            app->serveSwitch().button()->click();
            QTRY_VERIFY(!app->engine().isServing());
            QCOMPARE(app->serveSwitch().text(), u"API off"_s);
            QCOMPARE(app->settings().value(u"local/serve"_s).toBool(), false);
        }
        {
            auto app = start(options(std::nullopt, 0));
            QVERIFY(!app->engine().isServing());
        }
        {
            auto app = start(options(true, 0));
            QVERIFY(app->engine().isServing());
            QCOMPARE(app->settings().value(u"local/serve"_s).toBool(), false);
        }
    }

    void stateSurvivesARestart()
    {
        qint32 version = 0;
        {
            auto app = start(options());
            EngineConfig config =
                onEngine(*app, [](Gateway &g) { return g.runtime().engine().config(); });
            config.pools.first().maxConcurrent = 9;
            const auto applied = awaitResult<ConfigApplied>([&](auto done) {
                app->localBackend().applyConfig(config, 0, u"before restart"_s, done);
            });
            QVERIFY2(applied.ok(), qPrintable(applied.error().message));
            version = applied->version;
            AcquireRequest request;
            request.pool = config.pools.first().name;
            request.user = u"alice"_s;
            const Decision lease = onEngine(*app, [&](Gateway &g) {
                const Decision granted = g.runtime().engine().acquire(request);
                g.runtime().engine().release(granted.id);
                return granted;
            });
            QVERIFY(lease.granted());
        }
        auto app = start(options());
        QCOMPARE(onEngine(*app,
                          [](Gateway &g) {
                              return g.runtime().engine().config().pools.first().maxConcurrent;
                          }),
                 9);
        QCOMPARE(app->localBackend().snapshot().configVersion, version);
        const auto alice = awaitResult<UserDetails>(
            [&](auto done) { app->localBackend().userDetails(u"alice"_s, done); });
        QCOMPARE(alice->quota.requestsToday, qint64(1));
        const auto audit =
            awaitResult<QList<AuditEntry>>([&](auto done) { app->localBackend().audit({}, done); });
        QCOMPARE(audit->first().actor, u"tester"_s);
    }

    void demoTrafficSwitchDrivesTheEngine()
    {
        auto app = start(options());
        EmbeddedEngine &engine = app->engine();
        DemoTraffic &demo = engine.demo(); // used on the engine thread only, through call()
        QAction *action = app->window().demoTrafficAction();
        QVERIFY(action->isEnabled());
        action->trigger();
        QVERIFY(QTest::qWaitFor([&] { return engine.call([&] { return demo.isRunning(); }); }));
        QVERIFY(QTest::qWaitFor([&] { return engine.call([&] { return demo.requestsMade(); }) > 0; },
                                10'000));
        action->trigger();
        QVERIFY(QTest::qWaitFor([&] { return !engine.call([&] { return demo.isRunning(); }); }));
        engine.call([&] { demo.start(); });
        QTRY_VERIFY(action->isChecked());
    }

    void remoteGatewaysGetTheirOwnBackend()
    {
        auto app = start(options(true, 0));
        const auto support = onEngine(*app, [](Gateway &g) {
            QString error;
            return g.api().keys().create(u"desk"_s, Role::Support);
        });
        QVERIFY(support);
        const QString url = u"http://127.0.0.1:%1"_s.arg(app->engine().port());
        const QString id = app->directory().add(
            {QString(), u"Desk"_s, url, true, ConnectionState::Connecting}, support->key);
        QVERIFY(QTest::qWaitFor([&] { return app->backend(id) != nullptr; }, 10'000));
        Backend *remote = app->backend(id);
        QVERIFY(QTest::qWaitFor(
            [&] { return remote->connectionState() == ConnectionState::Connected; }, 10'000));
        QCOMPARE(remote->role(), Role::Support);
        QCOMPARE(remote->displayName(), u"Desk"_s);
        QCOMPARE(app->directory().gateway(id)->state, ConnectionState::Connected);
        QVERIFY(app->window().view(id));

        GatewayEntry edited = *app->directory().gateway(id);
        app->directory().update(edited, u"sk_000000000000_wrong"_s);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return app->backend(id) &&
                       app->backend(id)->connectionState() == ConnectionState::AuthFailed;
            },
            10'000));
        QCOMPARE(app->directory().gateway(id)->state, ConnectionState::AuthFailed);

        app->directory().remove(id);
        QCOMPARE(app->backend(id), nullptr);
        QVERIFY(!app->window().view(id));
        QCOMPARE(app->window().currentGateway(), GatewayEntry::kLocalId);
    }

    void remoteGatewaysFromTheSettingsConnectAtStart()
    {
        quint16 port = 0;
        QByteArray key;
        auto server = start(options(true, 0));
        port = server->engine().port();
        key = onEngine(*server, [](Gateway &g) {
                  QString error;
                  return g.api().keys().create(u"ops"_s, Role::Operator)->key.toLatin1();
              });
        {
            QSettings settings(m_dir.filePath(u"client.ini"_s), QSettings::IniFormat);
            SecretStore secrets(u"sluice"_s, m_dir.filePath(u"client/gateway-keys.ini"_s),
                                SecretStore::Mode::FileOnly);
            GatewayDirectory directory(settings, secrets);
            directory.add({QString(), u"Server"_s, u"http://127.0.0.1:%1"_s.arg(port), true,
                           ConnectionState::Connecting},
                          QString::fromLatin1(key));
            QTRY_VERIFY(QFile::exists(m_dir.filePath(u"client/gateway-keys.ini"_s)));
        }
        DashboardOptions o;
        o.dataDir = m_dir.filePath(u"client"_s);
        o.settingsPath = m_dir.filePath(u"client.ini"_s);
        o.serve = false;
        auto client = start(o);
        const QString id = client->directory().gateways().last().id;
        QVERIFY(QTest::qWaitFor(
            [&] {
                return client->backend(id) &&
                       client->backend(id)->connectionState() == ConnectionState::Connected;
            },
            10'000));
        QCOMPARE(client->backend(id)->role(), Role::Operator);
        QCOMPARE(client->remoteTransport(id)->failedAttempts(), 0);
    }

    void badOptionsSayWhatIsWrong_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("port 0") << QStringList{u"--port"_s, u"0"_s}
                                << u"--port must be a number from 1 to 65535"_s;
        QTest::newRow("port text") << QStringList{u"--port"_s, u"http"_s} << u"(got \"http\")"_s;
        QTest::newRow("both serve switches")
            << QStringList{u"--serve"_s, u"--no-serve"_s} << u"exclude each other"_s;
        QTest::newRow("seed minutes")
            << QStringList{u"--seed-minutes"_s, u"500"_s} << u"1 to 120"_s;
        QTest::newRow("missing config")
            << QStringList{u"--config"_s, u"/nonexistent.toml"_s} << u"no file"_s;
        QTest::newRow("unknown option") << QStringList{u"--colour"_s} << u"colour"_s;
        QTest::newRow("stray argument")
            << QStringList{u"extra"_s} << u"unexpected argument \"extra\""_s;
    }
    void badOptionsSayWhatIsWrong()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Result<DashboardOptions> o =
            parseDashboardOptions(QStringList{u"sluice"_s} + arguments);
        QVERIFY(!o);
        QVERIFY2(o.error().message.contains(message), qPrintable(o.error().message));
    }

    void goodOptions()
    {
        const Result<DashboardOptions> o =
            parseDashboardOptions({u"sluice"_s, u"--no-serve"_s, u"--port"_s, u"9000"_s,
                                   u"--screenshot"_s, u"shots"_s, u"--seed-minutes"_s, u"3"_s});
        QVERIFY2(o, qPrintable(o.error().message));
        QCOMPARE(o->serve, std::optional<bool>(false));
        QCOMPARE(o->port, quint16(9000));
        QCOMPARE(o->screenshotDir, u"shots"_s);
        QCOMPARE(o->seedMinutes, 3);
        const Result<DashboardOptions> defaults = parseDashboardOptions({u"sluice"_s});
        QCOMPARE(defaults->serve, std::nullopt);
        QCOMPARE(defaults->port, quint16(8787));
    }

    void shippedConfigIsFoundFromTheBuildTree()
    {
        const QString source = qEnvironmentVariable("SLUICE_SOURCE_DIR");
        QVERIFY(!source.isEmpty());
        const QString binary = QDir(source).filePath(u"build/app/sluice"_s);
        QCOMPARE(defaultConfigPath(binary),
                 QFileInfo(QDir(source).filePath(u"packaging/sluice.example.toml"_s))
                     .canonicalFilePath());
        QCOMPARE(defaultConfigPath(m_dir.path()), QString());
    }
};

QTEST_MAIN(TestDashboardApp)
#include "tst_dashboardapp.moc"
