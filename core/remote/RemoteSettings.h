#pragma once

#include <QString>
#include <QUrl>

namespace sluice {

/// How to reach one remote gateway, and how patiently.
struct RemoteSettings
{
    QUrl baseUrl;          ///< http(s)://host:port, optionally with a path prefix
    QString apiKey;        ///< sent as X-API-Key
    bool verifyTls = true; ///< false accepts any certificate (self-signed test gateways)
    int requestTimeoutMs = 15'000;
    /// A {"type": "ping"} goes out this often on the dashboard stream (it also keeps the
    /// gateway's idle timeout away); a stream silent for two intervals counts as dead.
    int heartbeatMs = 10'000;
    int firstRetryMs = 500; ///< reconnection delays: first, factor, cap (jittered +-20%)
    double retryFactor = 2.0;
    int maxRetryMs = 30'000;
    /// Failed attempts after a lost connection before the state says Unreachable.
    int unreachableAfter = 3;
};

} // namespace sluice
