#pragma once

#include "backend/ApiTransport.h"

#include <unordered_map>

namespace sluice {

class ApiService;
class LocalEndpoint;

/// The embedded engine as an ApiTransport: each request goes through
/// ApiService::handleLocal() with the given role and actor, and the dashboard stream is the
/// service's DashboardPublisher, subscribed in-process. So the dashboard's local runs use the
/// same routes, JSON codecs and stream messages as a remote gateway. Always Connected.
///
/// Answers always come later, queued, as a remote transport's do: the service lives on the
/// engine's thread (EngineThread), the transport on its user's (the GUI thread), and a
/// LocalEndpoint on the service's thread carries requests one way and answers and stream
/// messages the other. Both may also share one thread (tests).
///
/// Threading: the thread that creates it. The service must outlive the transport.
class LocalTransport : public ApiTransport
{
    Q_OBJECT

public:
    explicit LocalTransport(ApiService &service, Role role = Role::Admin,
                            QString actor = QStringLiteral("local"), QObject *parent = nullptr);
    ~LocalTransport() override;

    void send(ApiRequest request, Answer done) override;
    void openStream() override;
    void closeStream() override;
    void requestSnapshot() override;

    ConnectionState state() const override { return ConnectionState::Connected; }
    Role role() const override { return m_role; }

private:
    void onAnswered(quint64 id, const ApiResponse &response);
    template<typename Work> void onEndpoint(Work work);

    LocalEndpoint *m_endpoint; ///< on the service's thread; deleted there with deleteLater()
    Role m_role;
    bool m_streaming = false;
    quint64 m_lastId = 0;
    std::unordered_map<quint64, Answer> m_pending;
};

} // namespace sluice
