#pragma once

#include "widgets/Confirm.h"

#include <QString>

class QWidget;

namespace sluice {

/// Decides what closing the window and Quit do while the embedded gateway serves its API to
/// applications on this computer: quitting stops that API, so it never happens silently.
/// Closing the window hides it to the tray when there is one (the API goes on); without a
/// tray, and for Quit, people are asked first. When nothing is served both just close.
class CloseGuard
{
public:
    enum class Outcome
    {
        Close,      ///< close the window (and quit)
        HideToTray, ///< keep running, window hidden
        Stay        ///< people changed their mind
    };

    /// `address` is where the API is served ("http://127.0.0.1:8787"); empty: not served.
    void setServing(const QString &address) { m_serving = address; }
    QString serving() const { return m_serving; }
    /// Replaces the question box (tests answer without a modal dialog).
    void setConfirm(ConfirmFn confirm) { m_confirm = std::move(confirm); }

    /// The window's close button (or Alt+F4).
    Outcome onClose(bool trayAvailable, QWidget *parent) const;
    /// File > Quit and the tray's Quit: true to quit.
    bool confirmQuit(QWidget *parent) const;
    /// What the tray says the first time the window hides into it.
    QString hiddenNotice() const;

private:
    QString m_serving;
    ConfirmFn m_confirm = messageBoxConfirm();
};

} // namespace sluice
