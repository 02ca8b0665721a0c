#include "LoadRun.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>

namespace sluice::bench {
namespace {

constexpr int kSeedTries = 3;

QElapsedTimer &clock()
{
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer;
}

} // namespace

LoadRun::LoadRun(LoadSettings settings)
    : m_settings(std::move(settings))
    , m_body(R"({"model":"claude-test","max_tokens":64,)"
             R"("messages":[{"role":"user","content":"Say hello."}]})")
{
    for (int i = 0; i < m_settings.concurrency; ++i)
        m_clients.push_back(std::make_unique<QNetworkAccessManager>());
}

LoadRun::~LoadRun() = default;

LoadResult LoadRun::run()
{
    m_result = {};
    const qint64 start = clock().nsecsElapsed();
    QEventLoop loop;
    for (int worker = 0; worker < m_settings.concurrency; ++worker)
        next(worker);
    while (m_done < m_settings.requests)
        loop.processEvents(QEventLoop::WaitForMoreEvents);
    m_result.wallMs = (clock().nsecsElapsed() - start) / 1'000'000;
    std::sort(m_result.latenciesUs.begin(), m_result.latenciesUs.end());
    return m_result;
}

void LoadRun::next(int worker)
{
    if (m_nextRequest >= m_settings.requests)
        return;
    send(worker, m_nextRequest++, 0, clock().nsecsElapsed());
}

void LoadRun::send(int worker, int request, int attempt, qint64 startedNs)
{
    const auto &[url, key] = m_settings.targets.isEmpty()
                                 ? std::pair(m_settings.url, m_settings.apiKey)
                                 : m_settings.targets.at(worker % m_settings.targets.size());
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    http.setRawHeader("x-api-key", key);
    http.setRawHeader("anthropic-version", "2023-06-01");
    http.setRawHeader("X-Sluice-User", "user-" + QByteArray::number(request));
    ++m_result.attempts;
    QNetworkReply *reply = m_clients[size_t(worker)]->post(http, m_body);
    connect(reply, &QNetworkReply::finished, this, [=, this] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->readAll();
        if (status == 200)
            return finishRequest(worker, true, startedNs);
        if (!m_settings.seedRetries || status != 429)
            return finishRequest(worker, false, startedNs);
        // The seed sleeps (attempt + 1) * 2 s after every 429, also after its last try.
        const bool lastTry = attempt + 1 >= kSeedTries;
        QTimer::singleShot((attempt + 1) * 2000, this, [=, this] {
            if (lastTry)
                finishRequest(worker, false, startedNs);
            else
                send(worker, request, attempt + 1, startedNs);
        });
    });
}

void LoadRun::finishRequest(int worker, bool ok, qint64 startedNs)
{
    (ok ? m_result.succeeded : m_result.failed)++;
    m_result.latenciesUs.append((clock().nsecsElapsed() - startedNs) / 1000);
    ++m_done;
    next(worker);
}

} // namespace sluice::bench
