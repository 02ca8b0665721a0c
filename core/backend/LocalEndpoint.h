#pragma once

#include "protocol/ApiResponse.h"
#include "protocol/ApiTypes.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

namespace sluice {

class ApiService;

/// LocalTransport's side on the engine thread: it lives on the ApiService's thread, hands each
/// request to ApiService::handleLocal() and emits the answer, and follows the service's
/// DashboardPublisher while the transport streams. Its signals reach the transport queued
/// when the two live on different threads (the dashboard's GUI thread and the engine's).
///
/// Threading: the service's thread, for everything but construction (the transport creates
/// it and moves it there) and deletion (deleteLater() from the transport).
class LocalEndpoint : public QObject
{
    Q_OBJECT

public:
    LocalEndpoint(ApiService &service, Role role, QString actor);
    ~LocalEndpoint() override;

    void handle(quint64 id, ApiRequest request);
    void follow(bool on);
    /// Emits a whole snapshot (when following).
    void resend();

signals:
    void answered(quint64 id, const sluice::ApiResponse &response);
    void dashboardMessage(const QJsonObject &message);

private:
    QPointer<ApiService> m_service; ///< null once the engine is gone (shutdown)
    Role m_role;
    QString m_actor;
    QMetaObject::Connection m_published;
};

} // namespace sluice
