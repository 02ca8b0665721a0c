#pragma once

#include <QString>

namespace sluice {

/// Tells systemd (Type=notify) what the daemon is doing, through libsystemd's sd_notify():
/// READY=1 once it listens, RELOADING=1 then READY=1 around a reload of the configuration,
/// STOPPING=1 when it shuts down, each with a STATUS= line for `systemctl status`. Outside
/// systemd (no NOTIFY_SOCKET) every call does nothing. Main thread.
class SystemdNotifier
{
public:
    void ready(const QString &status);
    void reloading();
    void stopping();

private:
    void notify(const QString &state);
};

} // namespace sluice
