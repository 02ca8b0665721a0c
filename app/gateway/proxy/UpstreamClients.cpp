#include "UpstreamClients.h"

#include <QNetworkAccessManager>

namespace sluice {

UpstreamClients::UpstreamClients(QObject *parent)
    : QObject(parent)
{
}

UpstreamClients::~UpstreamClients() = default;

QNetworkAccessManager *UpstreamClients::acquire()
{
    for (Entry &entry : m_entries) {
        if (entry.calls < kCallsPerManager) {
            ++entry.calls;
            return entry.manager.get();
        }
    }
    auto manager = std::make_unique<QNetworkAccessManager>();
    manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_entries.push_back({std::move(manager), 1});
    return m_entries.back().manager.get();
}

void UpstreamClients::release(QNetworkAccessManager *manager)
{
    for (Entry &entry : m_entries) {
        if (entry.manager.get() == manager) {
            --entry.calls;
            return;
        }
    }
}

} // namespace sluice
