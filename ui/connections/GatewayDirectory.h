#pragma once

#include "connections/GatewayEntry.h"
#include "connections/SecretStore.h"

#include <QObject>

class QSettings;

namespace sluice {

/// The gateways the dashboard knows: "Local" (the embedded engine) and the remote ones the
/// user added. Names, URLs and TLS settings persist in QSettings (group "gateways"); API
/// keys go to the SecretStore under the gateway's id. Connection states are set by whoever
/// runs the backends (app/). GUI thread only.
class GatewayDirectory : public QObject
{
    Q_OBJECT

public:
    GatewayDirectory(QSettings &settings, SecretStore &secrets, QObject *parent = nullptr);

    /// Local first, then remote gateways in the order they were added.
    QList<GatewayEntry> gateways() const;
    std::optional<GatewayEntry> gateway(const QString &id) const;
    /// Adds a remote gateway and stores its key; returns its new id.
    QString add(GatewayEntry entry, const QString &apiKey);
    /// Changes a remote gateway; a nullopt key keeps the stored one.
    void update(const GatewayEntry &entry, const std::optional<QString> &apiKey);
    void remove(const QString &id);
    void setState(const QString &id, ConnectionState state);
    void apiKey(const QString &id, SecretStore::ReadDone done);
    SecretStore &secrets() const { return m_secrets; }

signals:
    void changed();
    /// A gateway's URL, TLS setting or key changed: its backend should reconnect.
    void gatewayEdited(const QString &id);
    void gatewayRemoved(const QString &id);
    /// A key could not be stored.
    void secretError(const QString &message);

private:
    void load();
    void save();
    void storeKey(const QString &id, const QString &apiKey);

    QSettings &m_settings;
    SecretStore &m_secrets;
    GatewayEntry m_local;
    QList<GatewayEntry> m_remote;
};

} // namespace sluice
