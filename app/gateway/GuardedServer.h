#pragma once

#include "HttpConnection.h"

#include <QTcpSocket>

namespace sluice {

/// A QTcpServer or QSslServer that attaches an HttpConnection to every socket it hands out,
/// before QtHttpServer connects to the socket, so the connection sees each byte first.
template<typename Base> class GuardedServer : public Base
{
public:
    explicit GuardedServer(const HttpConnection::Limits &limits, QObject *parent = nullptr)
        : Base(parent)
        , m_limits(limits)
    {}

    QTcpSocket *nextPendingConnection() override
    {
        QTcpSocket *socket = Base::nextPendingConnection();
        if (socket)
            HttpConnection::attach(socket, m_limits);
        return socket;
    }

private:
    HttpConnection::Limits m_limits;
};

} // namespace sluice
