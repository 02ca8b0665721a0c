#include "SystemdNotifier.h"

#include <QDebug>

#include <systemd/sd-daemon.h>

#include <cstring>

namespace sluice {

using namespace Qt::StringLiterals;

void SystemdNotifier::ready(const QString &status)
{
    notify(u"READY=1\nSTATUS="_s + status);
}

void SystemdNotifier::reloading()
{
    notify(u"RELOADING=1\nSTATUS=Reloading the configuration"_s);
}

void SystemdNotifier::stopping()
{
    notify(u"STOPPING=1\nSTATUS=Shutting down"_s);
}

void SystemdNotifier::notify(const QString &state)
{
    // unset_environment 0: a reload notifies again later.
    if (const int result = sd_notify(0, state.toUtf8().constData()); result < 0)
        qWarning().noquote() << "sluiced: cannot notify systemd:" << std::strerror(-result);
}

} // namespace sluice
