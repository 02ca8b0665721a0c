#pragma once

#include "protocol/ApiTypes.h"

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace sluice {

/// Shows firing alerts as tray notifications while the window is hidden or minimised;
/// clicking the tray icon brings the window back, its menu offers Show and Quit. Does nothing
/// where there is no tray.
class TrayNotifier : public QObject
{
    Q_OBJECT

public:
    explicit TrayNotifier(QWidget &window, QObject *parent = nullptr);

    /// True when a notification would be shown now (window hidden or minimised).
    bool shouldNotify() const;
    /// Notifies about `alert` of gateway `gateway` if shouldNotify(); returns whether it did.
    bool notify(const QString &gateway, const AlertRecord &alert);
    bool available() const { return m_tray != nullptr; }
    /// Puts `quit` in the tray icon's menu, under "Show Sluice".
    void setQuitAction(QAction *quit);
    /// Says `text` once per run (e.g. why the window went to the tray); false if it had already.
    bool noticeOnce(const QString &text);

private:
    void showWindow();

    QWidget &m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    bool m_noticed = false;
};

} // namespace sluice
