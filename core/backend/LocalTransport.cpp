#include "backend/LocalTransport.h"

#include "api/ApiService.h"
#include "backend/LocalEndpoint.h"

namespace sluice {

LocalTransport::LocalTransport(ApiService &service, Role role, QString actor, QObject *parent)
    : ApiTransport(parent)
    , m_endpoint(new LocalEndpoint(service, role, std::move(actor)))
    , m_role(role)
{
    m_endpoint->moveToThread(service.thread());
    connect(m_endpoint, &LocalEndpoint::answered, this, &LocalTransport::onAnswered);
    connect(m_endpoint, &LocalEndpoint::dashboardMessage, this, [this](const QJsonObject &message) {
        if (m_streaming) // not what was still on its way when the stream closed
            emit dashboardMessage(message);
    });
}

LocalTransport::~LocalTransport()
{
    // Disconnects first (nothing more reaches this object), then the endpoint unsubscribes and
    // goes on its own thread; answers still due are dropped with it.
    disconnect(m_endpoint, nullptr, this, nullptr);
    m_endpoint->deleteLater();
}

template<typename Work> void LocalTransport::onEndpoint(Work work)
{
    QMetaObject::invokeMethod(m_endpoint, std::move(work), Qt::QueuedConnection);
}

void LocalTransport::send(ApiRequest request, Answer done)
{
    const quint64 id = ++m_lastId;
    m_pending.emplace(id, std::move(done));
    onEndpoint([endpoint = m_endpoint, id, request = std::move(request)]() mutable {
        endpoint->handle(id, std::move(request));
    });
}

void LocalTransport::onAnswered(quint64 id, const ApiResponse &response)
{
    const auto pending = m_pending.find(id);
    if (pending == m_pending.end())
        return;
    const Answer done = std::move(pending->second);
    m_pending.erase(pending);
    done(response);
}

void LocalTransport::openStream()
{
    if (m_streaming)
        return;
    m_streaming = true;
    onEndpoint([endpoint = m_endpoint] { endpoint->follow(true); });
}

void LocalTransport::closeStream()
{
    if (!m_streaming)
        return;
    m_streaming = false;
    onEndpoint([endpoint = m_endpoint] { endpoint->follow(false); });
}

void LocalTransport::requestSnapshot()
{
    if (m_streaming)
        onEndpoint([endpoint = m_endpoint] { endpoint->resend(); });
}

} // namespace sluice
