#include "main/TrayNotifier.h"

#include "widgets/ThemedIcons.h"

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
    connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
        m_window.showNormal();
        m_window.raise();
        m_window.activateWindow();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        m_window.showNormal();
        m_window.activateWindow();
    });
    m_tray->show();
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

} // namespace sluice
