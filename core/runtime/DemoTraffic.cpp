#include "runtime/DemoTraffic.h"

#include "engine/Engine.h"

#include <algorithm>
#include <tuple>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kMinHoldMs = 500;
constexpr qint64 kMaxHoldMs = 4000;
constexpr double kMeanHoldSeconds = (kMinHoldMs + kMaxHoldMs) / 2000.0;
constexpr double kOverload = 1.5;
constexpr int kUsersPerTier[] = {20, 10, 6, 3};
constexpr qint64 kNewUserEvery = 40;
} // namespace

DemoTraffic::DemoTraffic(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &DemoTraffic::tick);
    connect(&engine, &Engine::requestGranted, this, [this](RequestId id, int, bool) {
        if (m_waiting.remove(id))
            hold(id, m_engine.now());
    });
    connect(&engine, &Engine::requestEnded, this,
            [this](RequestId id, int, Reason) { m_waiting.remove(id); });
}

DemoTraffic::~DemoTraffic()
{
    stop();
}

void DemoTraffic::start()
{
    if (isRunning())
        return;
    m_timer.start();
    emit runningChanged(true);
}

void DemoTraffic::stop()
{
    const bool wasRunning = isRunning();
    m_timer.stop();
    // Cancelling one ticket may get another of ours granted (it moves to m_held): cancel
    // whatever is still waiting, then release everything held.
    for (const RequestId id : QSet<RequestId>(m_waiting)) {
        if (m_waiting.remove(id))
            m_engine.cancel(id);
    }
    while (!m_held.empty()) {
        const RequestId id = m_held.back().id;
        m_held.pop_back();
        m_engine.release(id);
    }
    if (wasRunning)
        emit runningChanged(false);
}

void DemoTraffic::tick()
{
    const TimeMs now = m_engine.now();
    const auto due = std::partition(m_held.begin(), m_held.end(),
                                    [now](const Held &held) { return held.releaseAt > now; });
    const std::vector<Held> releasing(due, m_held.end());
    m_held.erase(due, m_held.end());
    const QList<ModelPrice> &prices = m_engine.config().pricing;
    for (const Held &held : releasing) {
        Usage usage;
        usage.inputTokens = m_random.bounded(200, 2000);
        usage.outputTokens = m_random.bounded(50, 800);
        if (!prices.isEmpty())
            usage.model = prices[m_random.bounded(int(prices.size()))].model;
        m_engine.release(held.id, usage);
    }
    makeRequests(now);
}

double DemoTraffic::requestsPerTick(int pool) const
{
    const PoolConfig &config = m_engine.config().pools[pool];
    double perSecond = config.maxConcurrent / kMeanHoldSeconds;
    if (config.requestsPerMinute)
        perSecond = std::min(perSecond, *config.requestsPerMinute / 60.0);
    return kOverload * perSecond * kTickMs / 1000.0;
}

std::pair<QString, QString> DemoTraffic::pickUser()
{
    const QList<TierConfig> &tiers = m_engine.config().tiers;
    // Lower tiers have more users, as in most subscription products.
    int weightSum = 0;
    for (int i = 0; i < tiers.size(); ++i)
        weightSum += kUsersPerTier[std::min<size_t>(size_t(i), std::size(kUsersPerTier) - 1)];
    int pick = m_random.bounded(weightSum);
    for (int i = 0; i < tiers.size(); ++i) {
        const int users = kUsersPerTier[std::min<size_t>(size_t(i), std::size(kUsersPerTier) - 1)];
        // New users keep arriving (one more per tier every kNewUserEvery requests) and early
        // ones drift away, so that daily quotas run out for some without starving the demo.
        const qint64 arrived = m_made / kNewUserEvery;
        if (pick < users)
            return {u"demo-%1-%2"_s.arg(tiers[i].name).arg(arrived + pick + 1), tiers[i].name};
        pick -= users;
    }
    return {u"demo-user"_s, QString()};
}

void DemoTraffic::makeRequests(TimeMs now)
{
    const QList<PoolConfig> &pools = m_engine.config().pools;
    m_carry.resize(size_t(pools.size()), 0.0);
    for (int p = 0; p < pools.size(); ++p) {
        m_carry[size_t(p)] += requestsPerTick(p);
        for (; m_carry[size_t(p)] >= 1.0; m_carry[size_t(p)] -= 1.0) {
            AcquireRequest request;
            request.pool = pools[p].name;
            std::tie(request.user, request.tier) = pickUser();
            if (pools[p].tokensPerMinute)
                request.tokens = m_random.bounded(500, 2000);
            const Decision decision = m_engine.acquire(request);
            ++m_made;
            if (decision.granted())
                hold(decision.id, now);
            else if (decision.queued())
                m_waiting.insert(decision.id);
        }
    }
}

void DemoTraffic::hold(RequestId id, TimeMs now)
{
    m_held.push_back({now + m_random.bounded(kMinHoldMs, kMaxHoldMs), id});
}

} // namespace sluice
