#include "FakeBackend.h"
#include "SampleData.h"

#include "config/ConfigMerge.h"
#include "config/DefaultConfig.h"
#include "connections/GatewayDialog.h"
#include "connections/GatewayDirectory.h"
#include "forms/ConfigConflictDialog.h"
#include "forms/ConfigDiffDialog.h"
#include "forms/LimitInput.h"
#include "forms/LimitSpinBox.h"
#include "forms/PoolForm.h"
#include "main/DashboardView.h"
#include "main/MainWindow.h"
#include "pages/AlertsPage.h"
#include "pages/LimitsPage.h"
#include "pages/OverviewPage.h"
#include "pages/QueuesPage.h"
#include "pages/UsersPage.h"
#include "util/ManualClock.h"
#include "widgets/StaleStrip.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::FakeBackend;
using sluice::test::SampleData;

/// Renders every page from the seeded sample state to PNG, in a light and a dark palette,
/// into $SLUICE_SCREENSHOT_DIR (default: screenshots/ beside the test binary), so people
/// can look at them. Fails on an image that is blank.
class TestPageScreenshots : public QObject
{
    Q_OBJECT

    QString m_outDir;

    static QPalette darkPalette()
    {
        QPalette p;
        p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
        p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Base, QColor(0x1f, 0x21, 0x24));
        p.setColor(QPalette::AlternateBase, QColor(0x29, 0x2b, 0x2f));
        p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
        p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xb6));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::ToolTipBase, QColor(0x35, 0x37, 0x3c));
        p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x93, 0x99));
        p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
        p.setColor(QPalette::Midlight, QColor(0x3e, 0x41, 0x46));
        p.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x5e));
        p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
        p.setColor(QPalette::Shadow, Qt::black);
        for (QPalette::ColorRole role :
             {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            p.setColor(QPalette::Disabled, role, QColor(0x7a, 0x7d, 0x83));
        return p;
    }

    /// Ten minutes of busy traffic, one snapshot a second, ending at kNow.
    static void playTraffic(FakeBackend &backend, OverviewPage &overview)
    {
        const DashboardSnapshot base = SampleData::snapshot();
        for (int second = -600; second <= 0; ++second) {
            DashboardSnapshot s = base;
            s.at = SampleData::kNow + second * 1000;
            const double t = (second + 600) / 60.0;
            s.pools[0].inUse = int(std::lround(3.5 + 1.5 * std::sin(t)));
            s.pools[0].windowRequests = qint64(38 + 10 * std::sin(t / 2.0) + (second % 3));
            s.pools[0].waiting = qint64(std::max(0.0, 12 + 11 * std::sin(t / 1.5)));
            s.pools[1].inUse = int(std::lround(1 + std::cos(t / 3.0)));
            s.pools[1].windowRequests = qint64(6 + 3 * std::cos(t));
            s.pools[1].waiting = qint64(4 + 2 * std::cos(t / 2.0));
            s.pools[2].windowRequests = qint64(1 + (second / 45) % 2);
            backend.publish(s);
            overview.tick();
        }
    }

    void save(QWidget &widget, const QString &name)
    {
        QCoreApplication::processEvents();
        const QImage image = widget.grab().toImage();
        QVERIFY(!image.isNull());
        const QRgb first = image.pixel(0, 0);
        bool varied = false;
        for (int y = 0; y < image.height() && !varied; y += 7) {
            for (int x = 0; x < image.width() && !varied; x += 7)
                varied = image.pixel(x, y) != first;
        }
        QVERIFY2(varied, qPrintable(name + u" is blank"_s));
        QVERIFY(image.save(QDir(m_outDir).filePath(name + u".png"_s)));
    }

private slots:
    void initTestCase()
    {
        qputenv("TZ", "UTC");
        m_outDir = qEnvironmentVariable("SLUICE_SCREENSHOT_DIR",
                                        QCoreApplication::applicationDirPath() + u"/screenshots"_s);
        QVERIFY(QDir().mkpath(m_outDir));
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    }

    void renderEveryPage_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void renderEveryPage()
    {
        QFETCH(bool, dark);
        QApplication::setPalette(dark ? darkPalette() : QApplication::style()->standardPalette());
        const QString suffix = dark ? u"-dark"_s : u"-light"_s;

        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        SecretStore secrets(u"sluice-test"_s, dir.filePath(u"k.ini"_s),
                            SecretStore::Mode::FileOnly);
        GatewayDirectory directory(settings, secrets);
        const QString prod = directory.add(
            {{}, u"Production"_s, u"https://sluice.prod.example:8787"_s, true, {}}, u"k"_s);
        const QString staging = directory.add(
            {{}, u"Staging"_s, u"https://sluice.staging.example:8787"_s, false, {}}, u"k"_s);
        directory.setState(prod, ConnectionState::Reconnecting);
        directory.setState(staging, ConnectionState::AuthFailed);
        ManualClock clock(SampleData::kNow);
        FakeBackend backend(Role::Admin);
        backend.name = u"Local"_s;
        SampleData::seed(backend);

        MainWindow window(settings, directory, clock);
        window.restoreSettings();
        window.setBackend(GatewayEntry::kLocalId, &backend);
        window.resize(1360, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        DashboardView *view = window.view(GatewayEntry::kLocalId);
        playTraffic(backend, *view->overview());
        const DashboardSnapshot base = backend.current;
        view->queues()->refresh();
        view->users()->search(u"user-314"_s);

        const QStringList names{u"overview"_s, u"queues"_s, u"limits"_s,     u"users"_s,
                                u"alerts"_s,   u"audit"_s,  u"connections"_s};
        for (int page = 0; page <= MainWindow::kConnectionsPage; ++page) {
            window.showPage(page);
            save(window, names.at(page) + suffix);
        }
        DashboardSnapshot trouble = backend.current;
        trouble.pools[0].inUse = 5;
        trouble.pools[0].windowRequests = 44;
        trouble.pools[1].mode = PoolMode::Running;
        trouble.pools[1].waiting = 170;
        trouble.pools[1].throttledUntil = trouble.at + 42'000;
        trouble.pools[2].mode = PoolMode::Draining;
        trouble.pools[2].drainTotal = 20;
        trouble.pools[2].drainRemaining = 12;
        trouble.pools[2].waiting = 11;
        backend.publish(trouble);
        window.showPage(DashboardView::Overview);
        save(window, u"overview-trouble"_s + suffix);
        window.showPage(DashboardView::Queues);
        save(window, u"queues-trouble"_s + suffix);
        backend.publish(base);
        window.showPage(DashboardView::Limits);
        view->limits()->tabs()->setCurrentIndex(1);
        save(window, u"limits-tiers"_s + suffix);
        view->limits()->tabs()->setCurrentIndex(2);
        save(window, u"limits-history"_s + suffix);
        window.showPage(DashboardView::Alerts);
        view->alerts()->tabs()->setCurrentIndex(2);
        save(window, u"alerts-rules"_s + suffix);

        // Another admin's version arrives while the form holds an edit: merged, and said so.
        window.showPage(DashboardView::Limits);
        view->limits()->tabs()->setCurrentIndex(0);
        LimitInput *rpm = view->limits()->poolForm()->input(u"requests_per_minute"_s);
        rpm->spinBox()->setValue(rpm->spinBox()->value() + 30);
        EngineConfig theirs = backend.versioned.config;
        theirs.pools.first().maxConcurrent += 1;
        backend.commit(theirs, u"raised by bob"_s);
        backend.publish(backend.current);
        QTRY_VERIFY(view->limits()->baseVersion() == backend.versioned.version);
        save(window, u"limits-merged"_s + suffix);

        ConfigRebase rebase;
        rebase.baseVersion = 3;
        rebase.current = {4, defaultConfig()};
        rebase.current.config.pools.first().maxConcurrent = 6;
        rebase.actors = {u"bob"_s};
        EngineConfig ours = defaultConfig();
        ours.pools.first().maxConcurrent = 7;
        ours.pools.first().requestsPerMinute = 80;
        rebase.merge = mergeConfigs(defaultConfig(), ours, rebase.current.config);
        ConfigConflictDialog conflict(rebase, &window);
        conflict.show();
        save(conflict, u"dialog-conflict"_s + suffix);

        FakeBackend support(Role::Support);
        support.name = u"Production"_s;
        SampleData::seed(support);
        support.state = ConnectionState::Connected;
        window.setBackend(prod, &support);
        window.selectGateway(prod);
        window.showPage(DashboardView::Limits);
        save(window, u"limits-support-role"_s + suffix);
        window.showPage(DashboardView::Queues);
        save(window, u"queues-support-role"_s + suffix);

        // Production went away 14 s ago; the next attempt comes in 3 s.
        playTraffic(support, *window.view(prod)->overview());
        support.time.set(SampleData::kNow);
        support.updatedAt = SampleData::kNow - 14'000;
        support.retryAt = SampleData::kNow + 3'000;
        directory.setState(prod, ConnectionState::Unreachable);
        support.setState(ConnectionState::Unreachable);
        window.showPage(DashboardView::Overview);
        QCOMPARE(window.view(prod)->staleStrip()->text(),
                 u"Gateway unreachable · last update 14 s ago · retrying in 3 s"_s);
        save(window, u"overview-stale-remote"_s + suffix);

        ConfigDiffDialog diff({{u"pools.anthropic.requests_per_minute"_s, u"50"_s, u"100"_s},
                               {u"pools.anthropic.max_concurrent"_s, u"5"_s, u"10"_s}},
                              &window);
        diff.show();
        save(diff, u"dialog-diff"_s + suffix);
        GatewayDialog gateway(std::nullopt, u"the system keychain"_s, &window);
        gateway.show();
        save(gateway, u"dialog-gateway"_s + suffix);
    }
};

QTEST_MAIN(TestPageScreenshots)
#include "tst_pagescreenshots.moc"
