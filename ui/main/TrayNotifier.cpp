#include "main/TrayNotifier.h"

#include "widgets/ThemedIcons.h"

#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

namespace sluice {

using namespace Qt::StringLiterals;

TrayNotifier::TrayNotifier(QWidget &window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(ThemedIcons::appIcon(), this);
    m_tray->setToolTip(u"Sluice"_s);
    m_menu = new QMenu(&window);
    m_menu->addAction(u"Show Sluice"_s, this, &TrayNotifier::showWindow);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason why) {
        if (why != QSystemTrayIcon::Context)
            showWindow();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayNotifier::showWindow);
    m_tray->show();
}

void TrayNotifier::showWindow()
{
    m_window.showNormal();
    m_window.raise();
    m_window.activateWindow();
}

void TrayNotifier::setQuitAction(QAction *quit)
{
    if (m_menu) {
        m_menu->addSeparator();
        m_menu->addAction(quit);
    }
}

bool TrayNotifier::shouldNotify() const
{
    return !m_window.isVisible() || m_window.isMinimized();
}

bool TrayNotifier::notify(const QString &gateway, const AlertRecord &alert)
{
    if (!m_tray || !shouldNotify())
        return false;
    m_tray->showMessage(u"Sluice alert: "_s % gateway, alert.message, QSystemTrayIcon::Warning,
                        10'000);
    return true;
}

bool TrayNotifier::noticeOnce(const QString &text)
{
    if (!m_tray || std::exchange(m_noticed, true))
        return false;
    m_tray->showMessage(u"Sluice"_s, text, QSystemTrayIcon::Information, 8'000);
    return true;
}

} // namespace sluice
