#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QWebSocket>

#include <deque>

namespace sluice::test {

/// A real QWebSocket client that queues the JSON messages it receives; every wait is bounded.
class WebSocketClient
{
public:
    static constexpr int kWaitMs = 10'000;

    WebSocketClient()
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &text) {
                             messages.push_back(QJsonDocument::fromJson(text.toUtf8()).object());
                         });
    }

    bool open(const QUrl &url, const QByteArray &key = {})
    {
        QNetworkRequest request(url);
        if (!key.isEmpty())
            request.setRawHeader("X-API-Key", key);
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(request);
        return connected.wait(kWaitMs);
    }

    void send(const QJsonObject &message)
    {
        socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }

    /// The next message, waiting for it if needed; an empty object when none came in time.
    QJsonObject next()
    {
        if (messages.empty()) {
            QSignalSpy received(&socket, &QWebSocket::textMessageReceived);
            if (!received.wait(kWaitMs))
                return {};
        }
        QJsonObject message = messages.front();
        messages.pop_front();
        return message;
    }

    /// Waits until the server closes the connection; its close code, or -1 when it did not.
    int waitClosed()
    {
        if (socket.state() != QAbstractSocket::UnconnectedState) {
            QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
            if (!disconnected.wait(kWaitMs))
                return -1;
        }
        return int(socket.closeCode());
    }

    QWebSocket socket;
    std::deque<QJsonObject> messages;
};

} // namespace sluice::test
