#pragma once

#include "engine/RequestId.h"
#include "util/Clock.h"

#include <QObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <vector>

namespace sluice {

class Engine;

/// Synthetic users of every tier calling an engine, so that a new user of the dashboard sees
/// queues form, quotas run out and alerts fire. Users are named "demo-<tier>-<n>"; each
/// request holds its lease for a random 0.5-4 s and reports made-up token usage.
/// Every pool gets about 1.5 times what it can serve, so it runs over 80% of capacity.
/// Threading: the engine's thread.
class DemoTraffic : public QObject
{
    Q_OBJECT

public:
    static constexpr int kTickMs = 100;

    explicit DemoTraffic(Engine &engine, QObject *parent = nullptr);
    ~DemoTraffic() override;

    void start();
    /// Stops making requests and releases every lease it holds.
    void stop();
    bool isRunning() const { return m_timer.isActive(); }
    /// One step: releases leases that are due, makes this tick's new requests.
    void tick();
    qint64 requestsMade() const { return m_made; }

signals:
    void runningChanged(bool running);

private:
    struct Held
    {
        TimeMs releaseAt;
        RequestId id;
    };
    void makeRequests(TimeMs now);
    void hold(RequestId id, TimeMs now);
    double requestsPerTick(int pool) const;
    /// A user name and their tier.
    std::pair<QString, QString> pickUser();

    Engine &m_engine;
    QTimer m_timer;
    QRandomGenerator m_random{20260101};
    std::vector<Held> m_held;
    QSet<RequestId> m_waiting;
    std::vector<double> m_carry;  // fractional requests owed per pool
    qint64 m_made = 0;
};

} // namespace sluice
