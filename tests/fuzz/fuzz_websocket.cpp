// WebSocket messages: the text messages a client sends on /v1/ws (ticket status) and on the
// dashboard stream, as the socket hands them to a session. The sessions run against a real
// engine; "$ID" in a message stands for a live request's id, so that subscriptions can hit.
// Messages are separated by NUL bytes (which JSON text cannot hold).
#include "FuzzGateway.h"

#include "DashboardSession.h"
#include "TicketStatusSession.h"

#include <QJsonDocument>
#include <QWebSocket>

using namespace sluice;
using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static fuzz::FuzzGateway gateway;

    fuzz::FuzzInput input(data, size);
    const std::uint8_t flags = input.byte();

    QString liveRequest = u"1"_s;
    QString liveToken;
    if (flags & 1) {
        ApiRequest acquire;
        acquire.method = HttpMethod::Post;
        acquire.path = u"/v1/acquire"_s;
        acquire.body = R"({"pool": "llm", "user": "u2", "tokens": 10})";
        const ApiResponse granted = gateway.call(acquire);
        const QJsonObject answer = QJsonDocument::fromJson(granted.serializedBody()).object();
        liveRequest = answer.value("requestId"_L1).toString();
        liveToken = answer.value("subscribeToken"_L1).toString();
    }

    WebSocketSession::Settings settings;
    settings.maxSubscriptions = 1 + (flags >> 4);
    auto owned = std::make_unique<QWebSocket>();
    QWebSocket *socket = owned.get();
    std::unique_ptr<WebSocketSession> session;
    if (flags & 2)
        session = std::make_unique<DashboardSession>(
            std::move(owned), gateway.service().dashboard(), settings, gateway.timers());
    else
        session = std::make_unique<TicketStatusSession>(
            std::move(owned), gateway.service().tickets(), gateway.service().tracker(),
            gateway.service().runtime().admission(),
            (flags & 8) ? TicketStatusSession::Caller{Role::Client, QString(), QString()}
                        : TicketStatusSession::Caller{},
            settings, gateway.timers());

    QByteArray text = input.rest().toByteArray();
    qsizetype count = 0;
    for (QByteArray message : text.split('\0')) {
        if (++count > 16)
            break;
        message.replace("$ID", liveRequest.toUtf8());
        message.replace("$TOKEN", liveToken.toUtf8());
        Q_EMIT socket->textMessageReceived(QString::fromUtf8(message));
        QCoreApplication::processEvents();
    }
    if (flags & 4) {
        Q_EMIT socket->binaryMessageReceived(text);
    }
    // Let status messages and expiries happen while the session is subscribed.
    gateway.advance((flags >> 3 & 1) * qint64(60'000));
    QCoreApplication::processEvents();
    session.reset();
    QCoreApplication::processEvents();
    if (gateway.service().tickets().subscriptions() != 0)
        fuzz::fail("a closed session left subscriptions behind");
    return 0;
}
