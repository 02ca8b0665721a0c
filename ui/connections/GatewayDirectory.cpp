#include "connections/GatewayDirectory.h"

#include <QSettings>
#include <QUuid>

namespace sluice {

using namespace Qt::StringLiterals;

GatewayDirectory::GatewayDirectory(QSettings &settings, SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
{
    m_local.id = GatewayEntry::kLocalId;
    m_local.name = u"Local"_s;
    m_local.state = ConnectionState::Connected;
    load();
}

QList<GatewayEntry> GatewayDirectory::gateways() const
{
    return QList<GatewayEntry>{m_local} + m_remote;
}

std::optional<GatewayEntry> GatewayDirectory::gateway(const QString &id) const
{
    for (const GatewayEntry &entry : gateways()) {
        if (entry.id == id)
            return entry;
    }
    return std::nullopt;
}

QString GatewayDirectory::add(GatewayEntry entry, const QString &apiKey)
{
    entry.id = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    entry.state = ConnectionState::Connecting;
    m_remote.append(entry);
    save();
    storeKey(entry.id, apiKey);
    emit changed();
    return entry.id;
}

void GatewayDirectory::update(const GatewayEntry &entry, const std::optional<QString> &apiKey)
{
    for (GatewayEntry &existing : m_remote) {
        if (existing.id != entry.id)
            continue;
        const bool reconnect = existing.url != entry.url || existing.verifyTls != entry.verifyTls ||
                               apiKey.has_value();
        existing.name = entry.name;
        existing.url = entry.url;
        existing.verifyTls = entry.verifyTls;
        save();
        if (apiKey)
            storeKey(entry.id, *apiKey);
        emit changed();
        if (reconnect)
            emit gatewayEdited(entry.id);
        return;
    }
}

void GatewayDirectory::remove(const QString &id)
{
    const auto removed =
        m_remote.removeIf([&id](const GatewayEntry &entry) { return entry.id == id; });
    if (removed == 0)
        return;
    save();
    m_secrets.remove(id, [](bool, const QString &) {});
    emit changed();
    emit gatewayRemoved(id);
}

void GatewayDirectory::setState(const QString &id, ConnectionState state)
{
    GatewayEntry *entry = id == m_local.id ? &m_local : nullptr;
    for (GatewayEntry &remote : m_remote) {
        if (remote.id == id)
            entry = &remote;
    }
    if (entry && entry->state != state) {
        entry->state = state;
        emit changed();
    }
}

void GatewayDirectory::apiKey(const QString &id, SecretStore::ReadDone done)
{
    m_secrets.read(id, std::move(done));
}

void GatewayDirectory::storeKey(const QString &id, const QString &apiKey)
{
    m_secrets.write(id, apiKey, [this, id](bool ok, const QString &error) {
        if (!ok)
            emit secretError(u"The API key of gateway "_s % id % u" was not stored: "_s % error);
    });
}

void GatewayDirectory::load()
{
    const int count = m_settings.beginReadArray(u"gateways"_s);
    for (int i = 0; i < count; ++i) {
        m_settings.setArrayIndex(i);
        GatewayEntry entry;
        entry.id = m_settings.value(u"id"_s).toString();
        entry.name = m_settings.value(u"name"_s).toString();
        entry.url = m_settings.value(u"url"_s).toString();
        entry.verifyTls = m_settings.value(u"verifyTls"_s, true).toBool();
        if (!entry.id.isEmpty() && !entry.isLocal())
            m_remote.append(entry);
    }
    m_settings.endArray();
}

void GatewayDirectory::save()
{
    m_settings.beginWriteArray(u"gateways"_s, int(m_remote.size()));
    for (int i = 0; i < m_remote.size(); ++i) {
        m_settings.setArrayIndex(i);
        m_settings.setValue(u"id"_s, m_remote.at(i).id);
        m_settings.setValue(u"name"_s, m_remote.at(i).name);
        m_settings.setValue(u"url"_s, m_remote.at(i).url);
        m_settings.setValue(u"verifyTls"_s, m_remote.at(i).verifyTls);
    }
    m_settings.endArray();
    m_settings.sync();
}

} // namespace sluice
