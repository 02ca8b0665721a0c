#include "backend/LocalTransport.h"

#include "api/ApiService.h"
#include "api/CallbackReply.h"

namespace sluice {

LocalTransport::LocalTransport(ApiService &service, Role role, QString actor, QObject *parent)
    : ApiTransport(parent)
    , m_service(service)
    , m_role(role)
    , m_actor(std::move(actor))
{}

LocalTransport::~LocalTransport()
{
    closeStream();
}

void LocalTransport::send(ApiRequest request, Answer done)
{
    request.peer = QStringLiteral("local");
    // The reply lives until the handler answers (some answer once the store has the change).
    auto *reply = new CallbackReply(std::move(done), this);
    connect(reply, &ApiReply::finished, reply, &QObject::deleteLater);
    m_service.handleLocal(std::move(request), *reply, m_role, m_actor);
}

void LocalTransport::openStream()
{
    if (m_streaming)
        return;
    m_streaming = true;
    DashboardPublisher &publisher = m_service.dashboard();
    publisher.addSubscriber();
    m_published =
        connect(&publisher, &DashboardPublisher::published, this, &ApiTransport::dashboardMessage);
    emit dashboardMessage(publisher.snapshotMessage());
}

void LocalTransport::closeStream()
{
    if (!m_streaming)
        return;
    m_streaming = false;
    disconnect(m_published);
    m_service.dashboard().removeSubscriber();
}

void LocalTransport::requestSnapshot()
{
    // Later, not from inside the reader's handling of the message that showed the gap.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_streaming)
                emit dashboardMessage(m_service.dashboard().snapshotMessage());
        },
        Qt::QueuedConnection);
}

} // namespace sluice
