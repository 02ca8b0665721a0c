#pragma once

#include "main/CloseGuard.h"

#include <QHash>
#include <QMainWindow>

class QAction;
class QActionGroup;
class QLabel;
class QListView;
class QSettings;
class QStackedWidget;

namespace sluice {

class Backend;
class Clock;
class ConnectionsPage;
class DashboardView;
class GatewayDirectory;
class GatewayListModel;
class MainMenu;
class StatusPanel;
class TrayNotifier;

/// The dashboard window: gateways in a side list ("Local" first, with state dots), the
/// pages of the selected gateway (Ctrl+1..6) and Connections (Ctrl+7), a status bar
/// (connection, role, refresh rate), the "Demo traffic" switch and a menu bar (MainMenu).
/// Closing it while the Local API is served goes to the tray or asks (CloseGuard); Quit
/// asks too. Backends are handed in
/// by whoever creates them (app/): setBackend() after gatewayActivated(). Window layout,
/// last gateway, page and chart range persist in the given QSettings; call
/// restoreSettings() once the signals are connected (it activates the last gateway).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    static constexpr int kConnectionsPage = 6;

    MainWindow(QSettings &settings, GatewayDirectory &directory, const Clock &clock,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Shows `backend` for gateway `id` (nullptr forgets it). The backend must outlive its
    /// view or be removed first.
    void setBackend(const QString &id, Backend *backend);
    void selectGateway(const QString &id);
    QString currentGateway() const { return m_currentId; }
    /// 0-5: a page of the gateway, 6: Connections.
    void showPage(int page);
    int currentPage() const { return m_page; }
    DashboardView *view(const QString &id) const { return m_views.value(id); }
    void setDemoTrafficOn(bool on);

    QAction *pageAction(int page) const;
    QAction *demoTrafficAction() const { return m_demo; }
    StatusPanel *statusPanel() const { return m_status; }
    GatewayListModel *gatewayModel() const { return m_gatewayModel; }
    ConnectionsPage *connectionsPage() const { return m_connections; }
    TrayNotifier *tray() const { return m_tray; }
    MainMenu *menu() const { return m_menu; }
    CloseGuard &closeGuard() { return m_guard; }
    /// Quit (File, tray): asks first while the Local API is served, then quitRequested().
    void requestQuit();

    void saveSettings();
    void restoreSettings();

signals:
    /// The user picked a gateway; app/ connects to it if needed and calls setBackend().
    void gatewayActivated(const QString &id);
    /// The "Demo traffic" switch was flipped (it drives synthetic users through Local).
    void demoTrafficToggled(bool on);
    /// People chose to quit (and confirmed it if asked): app/ ends the event loop.
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void showCurrent();
    void refreshCurrent();
    void findInCurrent();
    int chartRange() const;

    QSettings &m_settings;
    GatewayDirectory &m_directory;
    const Clock &m_clock;
    GatewayListModel *m_gatewayModel;
    QListView *m_gatewayList;
    QStackedWidget *m_center;
    QStackedWidget *m_viewStack;
    QLabel *m_placeholder;
    ConnectionsPage *m_connections;
    StatusPanel *m_status;
    TrayNotifier *m_tray;
    QActionGroup *m_pages;
    QAction *m_demo = nullptr;
    MainMenu *m_menu = nullptr;
    CloseGuard m_guard;
    bool m_quitting = false;
    QHash<QString, DashboardView *> m_views;
    QString m_currentId;
    int m_page = 0;
};

} // namespace sluice
