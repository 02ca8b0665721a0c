#include "main/CloseGuard.h"

namespace sluice {

using namespace Qt::StringLiterals;

CloseGuard::Outcome CloseGuard::onClose(bool trayAvailable, QWidget *parent) const
{
    if (m_serving.isEmpty())
        return Outcome::Close;
    if (trayAvailable)
        return Outcome::HideToTray;
    return confirmQuit(parent) ? Outcome::Close : Outcome::Stay;
}

bool CloseGuard::confirmQuit(QWidget *parent) const
{
    if (m_serving.isEmpty())
        return true;
    return m_confirm(parent, u"Quit Sluice"_s,
                     u"Sluice is serving the Local engine's API on %1. Quitting stops it: "
                     u"applications on this computer that use it get connection errors until "
                     u"Sluice runs again.\n\nQuit anyway?"_s.arg(m_serving));
}

QString CloseGuard::hiddenNotice() const
{
    return u"Sluice keeps serving the API on %1 from the tray. Quit from the tray icon's menu "
           u"or with File > Quit (Ctrl+Q)."_s.arg(m_serving);
}

} // namespace sluice
