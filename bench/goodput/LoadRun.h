#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <memory>
#include <vector>

namespace sluice::bench {

/// How a load run calls the upstream (or the proxy).
struct LoadSettings
{
    QUrl url;                 ///< POST target
    QByteArray apiKey;        ///< sent as x-api-key
    /// Several targets (replicas), each with its key: worker w sends to the (w mod n)th.
    /// Empty: `url` and `apiKey`.
    QList<std::pair<QUrl, QByteArray>> targets;
    int concurrency = 1;      ///< requests in flight at once (closed loop)
    int requests = 50;
    /// The seed's client: on 429 wait 2, 4, 6 s (after the 1st, 2nd, 3rd try) and try again,
    /// 3 tries in all, then give up. Without it every request is sent once.
    bool seedRetries = false;
};

struct LoadResult
{
    int succeeded = 0;
    int failed = 0;
    int attempts = 0;
    qint64 wallMs = 0;
    QList<qint64> latenciesUs;  ///< per request, first send to last answer, sorted
};

/// Sends `requests` Messages requests with `concurrency` workers, each worker with its own
/// network access manager (one manager alone opens at most six connections per host).
class LoadRun : public QObject
{
    Q_OBJECT

public:
    explicit LoadRun(LoadSettings settings);
    ~LoadRun() override;

    /// Runs to the end in a local event loop.
    LoadResult run();

private:
    void next(int worker);
    void send(int worker, int request, int attempt, qint64 startedNs);
    void finishRequest(int worker, bool ok, qint64 startedNs);

    LoadSettings m_settings;
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_clients;
    LoadResult m_result;
    int m_nextRequest = 0;
    int m_done = 0;
    QByteArray m_body;
};

} // namespace sluice::bench
