#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace sluice::bench {

/// Measures how responsive the thread it lives on is: a precise timer due every
/// `intervalMs` records how late each timeout came (the event loop was busy meanwhile: a
/// stall), and the process's CPU time is sampled at start and stop.
class LoopProbe : public QObject
{
    Q_OBJECT

public:
    struct Figures
    {
        double seconds = 0;
        qint64 samples = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
        double cpuPercent = 0; ///< CPU time of the whole process over wall time, one core = 100
    };

    explicit LoopProbe(int intervalMs = 10, QObject *parent = nullptr);

    void start();
    Figures stop();

    /// CPU time (user + system) of this process so far, in ms.
    static double cpuMs();
    /// Resident memory of this process, in MiB.
    static double residentMiB();

private:
    void onTimeout();

    int m_intervalMs;
    QTimer m_timer;
    QElapsedTimer m_wall;
    qint64 m_lastNs = 0;
    double m_cpuAtStart = 0;
    std::vector<double> m_lateMs;
};

} // namespace sluice::bench
