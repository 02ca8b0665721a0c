#pragma once

#include <QObject>

#include <memory>
#include <vector>

class QNetworkAccessManager;

namespace sluice {

/// Network access managers for upstream calls. One QNetworkAccessManager opens at most six
/// HTTP/1.1 connections per host and queues further requests inside itself (Qt 6.4 has no
/// setting for that), which would silently cap a pool's concurrency at six. So each manager
/// carries at most six calls at once and another is made when all are busy; they stay for
/// reuse of their connections.
/// Threading: one thread.
class UpstreamClients : public QObject
{
    Q_OBJECT

public:
    static constexpr int kCallsPerManager = 6;

    explicit UpstreamClients(QObject *parent = nullptr);
    ~UpstreamClients() override;
    /// A manager with room for one more call; pair with release().
    QNetworkAccessManager *acquire();
    void release(QNetworkAccessManager *manager);
    qsizetype managers() const { return qsizetype(m_entries.size()); }

private:
    struct Entry
    {
        std::unique_ptr<QNetworkAccessManager> manager;
        int calls = 0;
    };
    std::vector<Entry> m_entries;
};

} // namespace sluice
