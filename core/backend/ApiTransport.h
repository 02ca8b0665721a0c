#pragma once

#include "protocol/ApiResponse.h"
#include "protocol/ApiTypes.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace sluice {

/// How ApiBackend reaches a gateway's API: requests answered once, and the dashboard stream
/// (WireDashboard.h). LocalTransport calls the embedded engine's ApiService in-process;
/// RemoteTransport (core/remote) speaks HTTP and WebSocket to a gateway.
///
/// Threading: the thread the transport lives on; answers and signals come on it.
class ApiTransport : public QObject
{
    Q_OBJECT

public:
    using Answer = std::function<void(const ApiResponse &response)>;

    using QObject::QObject;

    /// Sends `request` (method, path, query, body; the transport adds what authenticates it).
    /// `done` is called exactly once, at once or later. A request that got no answer is
    /// answered with status 0 and the error UNREACHABLE, naming why.
    virtual void send(ApiRequest request, Answer done) = 0;

    /// Starts following the dashboard stream: dashboardMessage() brings a snapshot first
    /// (again after each reconnection), then deltas.
    virtual void openStream() = 0;
    virtual void closeStream() = 0;
    /// Asks for a whole snapshot again (the reader saw a gap).
    virtual void requestSnapshot() = 0;

    virtual ConnectionState state() const = 0;
    /// What the presented key may do; None until known.
    virtual Role role() const = 0;
    /// Why the transport is not connected (empty when it is).
    virtual QString problem() const { return {}; }

    /// When the next connection attempt is due, in ms on the transport's clock; 0 when none
    /// is scheduled (connected, an attempt under way, or a refused key, which is not retried).
    /// The in-process transport is always connected: 0.
    virtual TimeMs nextRetryAt() const { return 0; }
    /// Attempts to connect at once instead of at nextRetryAt() (the backoff goes on from
    /// where it was); after a refused key, connects again from the first delay. Nothing
    /// happens while connected or while an attempt is under way.
    virtual void retryNow() {}

signals:
    void dashboardMessage(const QJsonObject &message);
    void stateChanged(sluice::ConnectionState state);
};

/// The error code of an answer the transport could not get (status 0).
inline const QString kUnreachableCode = QStringLiteral("UNREACHABLE");

} // namespace sluice
