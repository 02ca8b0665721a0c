#pragma once

#include "protocol/ApiTypes.h"

#include <QObject>

class QSystemTrayIcon;
class QWidget;

namespace sluice {

/// Shows firing alerts as tray notifications while the window is hidden or minimised;
/// clicking the tray icon brings the window back. Does nothing where there is no tray.
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

private:
    QWidget &m_window;
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace sluice
