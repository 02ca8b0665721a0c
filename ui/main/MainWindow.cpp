#include "main/MainWindow.h"

#include "backend/Backend.h"
#include "connections/GatewayDirectory.h"
#include "main/DashboardView.h"
#include "main/MainMenu.h"
#include "main/StatusPanel.h"
#include "main/TrayNotifier.h"
#include "models/GatewayListModel.h"
#include "pages/ConnectionsPage.h"
#include "pages/OverviewPage.h"
#include "widgets/ThemedIcons.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
const QStringList kPageIcons{u"overview"_s, u"queues"_s, u"limits"_s,     u"users"_s,
                             u"alerts"_s,   u"audit"_s,  u"connections"_s};
}

MainWindow::MainWindow(QSettings &settings, GatewayDirectory &directory, const Clock &clock,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_directory(directory)
    , m_clock(clock)
    , m_gatewayModel(new GatewayListModel(this))
    , m_gatewayList(new QListView(this))
    , m_center(new QStackedWidget(this))
    , m_viewStack(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_connections(new ConnectionsPage(directory, *m_gatewayModel, this))
    , m_status(new StatusPanel(this))
    , m_tray(new TrayNotifier(*this, this))
    , m_pages(new QActionGroup(this))
{
    setWindowTitle(u"Sluice"_s);
    setWindowIcon(ThemedIcons::appIcon());
    m_gatewayModel->setGateways(m_directory.gateways());
    m_gatewayList->setModel(m_gatewayModel);
    m_gatewayList->setModelColumn(GatewayListModel::Name);
    m_gatewayList->setIconSize(QSize(14, 14));
    m_gatewayList->setMinimumWidth(150);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_viewStack->addWidget(m_placeholder);
    m_center->addWidget(m_viewStack);
    m_center->addWidget(m_connections);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_gatewayList);
    splitter->addWidget(m_center);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({170, 1000});
    setCentralWidget(splitter);
    statusBar()->addPermanentWidget(m_status);
    buildActions();

    connect(&m_directory, &GatewayDirectory::changed, this,
            [this] { m_gatewayModel->setGateways(m_directory.gateways()); });
    connect(&m_directory, &GatewayDirectory::gatewayRemoved, this, [this](const QString &id) {
        setBackend(id, nullptr);
        if (id == m_currentId)
            selectGateway(GatewayEntry::kLocalId);
    });
    connect(m_gatewayList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const QString id = current.data(GatewayListModel::IdRole).toString();
                if (!id.isEmpty() && id != m_currentId) {
                    m_currentId = id;
                    showCurrent();
                    emit gatewayActivated(id);
                }
            });
    resize(1280, 820);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    auto *bar = addToolBar(u"Pages"_s);
    bar->setObjectName(u"pages"_s);
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (int page = 0; page <= kConnectionsPage; ++page) {
        const QString title =
            page == kConnectionsPage ? u"Connections"_s : DashboardView::pageTitle(page);
        QAction *action = bar->addAction(ThemedIcons::icon(kPageIcons.at(page)), title);
        action->setCheckable(true);
        action->setData(page);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)));
        action->setToolTip(title % u" ("_s % action->shortcut().toString(QKeySequence::NativeText) %
                           u')');
        m_pages->addAction(action);
        connect(action, &QAction::triggered, this, [this, page] { showPage(page); });
    }
    bar->addSeparator();
    m_demo = bar->addAction(ThemedIcons::icon(u"demo"_s), u"Demo traffic"_s);
    m_demo->setCheckable(true);
    m_demo->setToolTip(u"Drives synthetic users of every tier through the Local engine, so "
                       u"queues form and alerts fire. Off by default."_s);
    connect(m_demo, &QAction::toggled, this, &MainWindow::demoTrafficToggled);

    m_menu = new MainMenu(*this, m_pages->actions(), m_demo);
    connect(m_menu, &MainMenu::quitRequested, this, &MainWindow::requestQuit);
    connect(m_menu, &MainMenu::refreshRequested, this, &MainWindow::refreshCurrent);
    connect(m_menu, &MainMenu::findRequested, this, &MainWindow::findInCurrent);
    m_tray->setQuitAction(m_menu->quitAction());
}

void MainWindow::refreshCurrent()
{
    if (m_page == kConnectionsPage)
        return;
    if (DashboardView *view = m_views.value(m_currentId))
        view->refresh();
}

void MainWindow::findInCurrent()
{
    if (m_page == kConnectionsPage)
        showPage(DashboardView::Users);
    if (DashboardView *view = m_views.value(m_currentId))
        view->focusSearch();
}

void MainWindow::requestQuit()
{
    if (!m_guard.confirmQuit(this))
        return;
    m_quitting = true;
    saveSettings();
    emit quitRequested();
}

QAction *MainWindow::pageAction(int page) const
{
    const QList<QAction *> actions = m_pages->actions();
    return page >= 0 && page < actions.size() ? actions.at(page) : nullptr;
}

void MainWindow::setBackend(const QString &id, Backend *backend)
{
    if (DashboardView *old = m_views.take(id))
        delete old;
    if (backend) {
        auto *view = new DashboardView(*backend, m_clock, m_viewStack);
        m_views.insert(id, view);
        m_viewStack->addWidget(view);
        view->overview()->setRangeMinutes(chartRange());
        connect(view->overview(), &OverviewPage::rangeChanged, this, [this](int minutes) {
            m_settings.setValue(u"overview/rangeMinutes"_s, minutes);
            for (DashboardView *other : std::as_const(m_views))
                other->overview()->setRangeMinutes(minutes);
        });
        connect(view, &DashboardView::pageRequested, this, &MainWindow::showPage);
        connect(backend, &Backend::connectionStateChanged, this,
                [this, id](ConnectionState state) { m_directory.setState(id, state); });
        connect(backend, &Backend::alertFired, this, [this, backend](const AlertRecord &alert) {
            m_tray->notify(backend->displayName(), alert);
        });
        m_directory.setState(id, backend->connectionState());
    }
    if (id == m_currentId)
        showCurrent();
}

void MainWindow::selectGateway(const QString &id)
{
    const int row = m_gatewayModel->rowOf(id);
    if (row >= 0)
        m_gatewayList->setCurrentIndex(m_gatewayModel->index(row, GatewayListModel::Name));
}

void MainWindow::showPage(int page)
{
    m_page = std::clamp(page, 0, kConnectionsPage);
    if (QAction *action = pageAction(m_page))
        action->setChecked(true);
    showCurrent();
}

void MainWindow::setDemoTrafficOn(bool on)
{
    const QSignalBlocker block(m_demo);
    m_demo->setChecked(on);
}

void MainWindow::showCurrent()
{
    const std::optional<GatewayEntry> entry = m_directory.gateway(m_currentId);
    const QString name = entry ? entry->name : m_currentId;
    DashboardView *view = m_views.value(m_currentId);
    m_demo->setEnabled(m_currentId == GatewayEntry::kLocalId);
    if (m_page == kConnectionsPage) {
        m_center->setCurrentWidget(m_connections);
    } else {
        m_center->setCurrentWidget(m_viewStack);
        m_placeholder->setText(u"Connecting to "_s % name % u"…"_s);
        m_viewStack->setCurrentWidget(view ? static_cast<QWidget *>(view) : m_placeholder);
        if (view)
            view->setCurrentPage(m_page);
    }
    m_status->setBackend(view ? &view->backend() : nullptr, name);
    setWindowTitle(name.isEmpty() ? u"Sluice"_s : name % u" - Sluice"_s);
}

int MainWindow::chartRange() const
{
    return m_settings.value(u"overview/rangeMinutes"_s, 5).toInt();
}

void MainWindow::saveSettings()
{
    m_settings.setValue(u"window/geometry"_s, saveGeometry());
    m_settings.setValue(u"window/state"_s, saveState());
    m_settings.setValue(u"window/gateway"_s, m_currentId);
    m_settings.setValue(u"window/page"_s, m_page);
    m_settings.sync();
}

void MainWindow::restoreSettings()
{
    restoreGeometry(m_settings.value(u"window/geometry"_s).toByteArray());
    restoreState(m_settings.value(u"window/state"_s).toByteArray());
    const QString gateway = m_settings.value(u"window/gateway"_s).toString();
    selectGateway(m_gatewayModel->rowOf(gateway) >= 0 ? gateway : GatewayEntry::kLocalId);
    showPage(m_settings.value(u"window/page"_s, 0).toInt());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (m_quitting) {
        QMainWindow::closeEvent(event);
        return;
    }
    switch (m_guard.onClose(m_tray->available(), this)) {
    case CloseGuard::Outcome::Close:
        m_quitting = true;
        QMainWindow::closeEvent(event);
        emit quitRequested();
        return;
    case CloseGuard::Outcome::HideToTray:
        hide();
        m_tray->noticeOnce(m_guard.hiddenNotice());
        break;
    case CloseGuard::Outcome::Stay:
        break;
    }
    event->ignore();
}

} // namespace sluice
