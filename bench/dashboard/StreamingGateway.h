#pragma once

#include "util/ManualClock.h"
#include "util/Result.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace sluice {
class DemoTraffic;
class Gateway;
} // namespace sluice

namespace sluice::bench {

/// The benchmark's gateway (run in a child process): eight pools, demo traffic heavy enough
/// that every pool changes between two dashboard messages, so the stream runs at its
/// maximum rate (10 messages a second, each with all eight pools). Engine time runs
/// `speed` times faster than the wall clock; the speed can be changed while running.
class StreamingGateway : public QObject
{
    Q_OBJECT

public:
    static constexpr int kPools = 8;

    StreamingGateway();
    ~StreamingGateway() override;

    /// Starts; false with a message.
    Result<Done> start();
    quint16 port() const;
    /// A key for the dashboard (support role: it reads the stream).
    QString dashboardKey() const { return m_key; }
    void setSpeed(double speed) { m_speed = speed; }

private:
    void step();
    static QByteArray config();

    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Gateway> m_gateway;
    std::unique_ptr<DemoTraffic> m_demo;
    QTimer m_timer;
    QElapsedTimer m_wall;
    qint64 m_lastWallMs = 0;
    double m_owedMs = 0;
    double m_speed = 1;
    QString m_key;
};

} // namespace sluice::bench
