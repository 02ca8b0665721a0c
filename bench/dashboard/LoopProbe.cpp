#include "LoopProbe.h"

#include <QFile>

#include <algorithm>

#include <sys/resource.h>

namespace sluice::bench {

LoopProbe::LoopProbe(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LoopProbe::onTimeout);
}

void LoopProbe::start()
{
    m_lateMs.clear();
    m_lateMs.reserve(1 << 20);
    m_cpuAtStart = cpuMs();
    m_wall.start();
    m_lastNs = 0;
    m_timer.start();
}

void LoopProbe::onTimeout()
{
    const qint64 now = m_wall.nsecsElapsed();
    const double late = double(now - m_lastNs) / 1e6 - m_intervalMs;
    m_lateMs.push_back(std::max(0.0, late));
    m_lastNs = now;
}

LoopProbe::Figures LoopProbe::stop()
{
    m_timer.stop();
    Figures figures;
    figures.seconds = double(m_wall.nsecsElapsed()) / 1e9;
    figures.cpuPercent = (cpuMs() - m_cpuAtStart) / (figures.seconds * 1000) * 100;
    figures.samples = qint64(m_lateMs.size());
    if (m_lateMs.empty())
        return figures;
    std::vector<double> sorted = m_lateMs;
    std::sort(sorted.begin(), sorted.end());
    auto at = [&sorted](double q) {
        return sorted[std::min(sorted.size() - 1, size_t(q * double(sorted.size())))];
    };
    figures.p50Ms = at(0.50);
    figures.p99Ms = at(0.99);
    figures.maxMs = sorted.back();
    return figures;
}

double LoopProbe::cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto ms = [](const timeval &t) {
        return double(t.tv_sec) * 1000 + double(t.tv_usec) / 1000;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double LoopProbe::residentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024;
    }
    return 0;
}

} // namespace sluice::bench
