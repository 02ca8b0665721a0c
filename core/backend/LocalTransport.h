#pragma once

#include "backend/ApiTransport.h"

namespace sluice {

class ApiService;

/// The embedded engine as an ApiTransport: each request goes through
/// ApiService::handleLocal() with the given role and actor, and the dashboard stream is the
/// service's DashboardPublisher, subscribed in-process. So the dashboard's local runs use the
/// same routes, JSON codecs and stream messages as a remote gateway. Always Connected.
///
/// Threading: the engine's thread (the GUI thread in the dashboard). The service must
/// outlive the transport.
class LocalTransport : public ApiTransport
{
    Q_OBJECT

public:
    explicit LocalTransport(ApiService &service, Role role = Role::Admin,
                            QString actor = QStringLiteral("local"), QObject *parent = nullptr);
    ~LocalTransport() override;

    void send(ApiRequest request, Answer done) override;
    void openStream() override;
    void closeStream() override;
    void requestSnapshot() override;

    ConnectionState state() const override { return ConnectionState::Connected; }
    Role role() const override { return m_role; }

private:
    ApiService &m_service;
    Role m_role;
    QString m_actor;
    bool m_streaming = false;
    QMetaObject::Connection m_published;
};

} // namespace sluice
