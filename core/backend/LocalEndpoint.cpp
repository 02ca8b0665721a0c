#include "backend/LocalEndpoint.h"

#include "api/ApiService.h"
#include "api/CallbackReply.h"
#include "backend/ApiTransport.h"

namespace sluice {

using namespace Qt::StringLiterals;

LocalEndpoint::LocalEndpoint(ApiService &service, Role role, QString actor)
    : m_service(&service)
    , m_role(role)
    , m_actor(std::move(actor))
{}

LocalEndpoint::~LocalEndpoint()
{
    follow(false);
}

void LocalEndpoint::handle(quint64 id, ApiRequest request)
{
    if (!m_service) {
        emit answered(id, ApiResponse::error(0, kUnreachableCode, u"the engine has stopped"_s));
        return;
    }
    request.peer = u"local"_s;
    // The reply lives until the handler answers (some answer once the store has the change).
    auto *reply = new CallbackReply(
        [this, id](const ApiResponse &response) { emit answered(id, response); }, this);
    connect(reply, &ApiReply::finished, reply, &QObject::deleteLater);
    m_service->handleLocal(std::move(request), *reply, m_role, m_actor);
}

void LocalEndpoint::follow(bool on)
{
    if (on == bool(m_published) || !m_service)
        return;
    DashboardPublisher &publisher = m_service->dashboard();
    if (!on) {
        disconnect(m_published);
        m_published = {};
        publisher.removeSubscriber();
        return;
    }
    publisher.addSubscriber();
    m_published =
        connect(&publisher, &DashboardPublisher::published, this, &LocalEndpoint::dashboardMessage);
    emit dashboardMessage(publisher.snapshotMessage());
}

void LocalEndpoint::resend()
{
    if (m_published && m_service)
        emit dashboardMessage(m_service->dashboard().snapshotMessage());
}

} // namespace sluice
