// The floor of the HTTP stack: a QAbstractHttpServer that answers /v1/acquire with a made-up
// lease and anything else with "completed", doing no other work. Run under the same wrk
// script as sluiced (bench/gateway/run.sh with FLOOR=1), it shows what QtHttpServer and Qt's
// sockets cost per request on this machine, before any of the gateway's own work.

#include <QCoreApplication>
#include <QTcpSocket>
#include <QtHttpServer/QAbstractHttpServer>
#include <QtHttpServer/QHttpServerRequest>

namespace {

class FloorServer : public QAbstractHttpServer
{
protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        const QByteArray body = request.url().path() == QStringLiteral("/v1/acquire")
                                    ? "{\"lease_id\":\"" + QByteArray::number(++m_leases, 16) +
                                          "\",\"status\":\"granted\"}"
                                    : QByteArray("{\"state\":\"completed\"}");
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override {}

private:
    qint64 m_leases = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1"); // as sluiced
    QCoreApplication app(argc, argv);
    const quint16 port = argc > 1 ? quint16(QByteArray(argv[1]).toUInt()) : 18787;
    FloorServer server;
    if (server.listen(QHostAddress::LocalHost, port) == 0)
        return 1;
    return app.exec();
}
