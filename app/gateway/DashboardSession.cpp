#include "DashboardSession.h"

#include "api/DashboardPublisher.h"

namespace sluice {

using namespace Qt::StringLiterals;

DashboardSession::DashboardSession(std::unique_ptr<QWebSocket> socket,
                                   DashboardPublisher &publisher, const Settings &settings,
                                   Scheduler &timers, QObject *parent)
    : WebSocketSession(std::move(socket), settings, timers, parent)
    , m_publisher(publisher)
{
    m_publisher.addSubscriber();
    send(m_publisher.snapshotMessage());
    connect(&m_publisher, &DashboardPublisher::published, this, &DashboardSession::send);
}

DashboardSession::~DashboardSession()
{
    m_publisher.removeSubscriber();
}

void DashboardSession::handle(const QJsonObject &message)
{
    const QString type = message.value("type"_L1).toString();
    if (type == u"snapshot") {
        send(m_publisher.snapshotMessage());
        return;
    }
    sendError(u"INVALID_MESSAGE"_s,
              u"Unknown message type \"%1\" (snapshot or ping)"_s.arg(type.left(40)));
}

} // namespace sluice
