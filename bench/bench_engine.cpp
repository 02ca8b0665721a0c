// Engine benchmarks (issue: the foundation). Run: build/bench/bench_engine
//   1. acquire+release pairs per second, one pool, all five checks active, 100,000 users
//      over four tiers, capacity never exhausted;
//   2. the same with the pool saturated: every acquire queues, every release grants;
//   3. bytes per waiting ticket with 1,000,000 waiting;
//   4. time to look up one ticket's position with 1,000,000 waiting;
//   5. time to find when a request's tokens fit a full tokens-per-minute window of 100,000
//      admissions (what a pool computes on each dispatch while TPM binds), by the tokens it
//      waits for: a few admissions' worth, half the window, all of it.
// Time is simulated with a ManualClock (1 ms per pair), so the rate windows behave as in
// production without the benchmark waiting for them.

#include "config/EngineConfig.h"
#include "engine/Engine.h"
#include "engine/SlidingWindow.h"
#include "util/ManualClock.h"

#include <QRandomGenerator>

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <deque>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

constexpr int kUsers = 100'000;
constexpr TimeMs kMidnight = 1'767'225'600'000;  // 2026-01-01 00:00 UTC

EngineConfig benchConfig(int maxConcurrent, int maxQueue)
{
    EngineConfig config;
    PoolConfig pool;
    pool.name = u"llm"_s;
    pool.maxConcurrent = maxConcurrent;
    pool.requestsPerMinute = 100'000;
    pool.tokensPerMinute = 100'000'000;
    pool.maxQueueLength = maxQueue;
    pool.queueTimeoutMs = 86'400'000;
    config.pools = {pool};
    int priority = 0;
    for (const QString &name : {u"free"_s, u"basic"_s, u"pro"_s, u"enterprise"_s}) {
        TierConfig tier;
        tier.name = name;
        tier.dailyRequests = 1'000'000'000;  // quotas are checked, never exhausted
        tier.dailyTokens = 1'000'000'000'000;
        tier.priority = priority++;
        tier.maxConcurrentPerUser = 10;
        config.tiers.append(tier);
    }
    return config;
}

struct Users
{
    QStringList ids;
    QStringList tiers;
    Users()
    {
        const QStringList names{u"free"_s, u"basic"_s, u"pro"_s, u"enterprise"_s};
        for (int i = 0; i < kUsers; ++i) {
            ids.append(u"user-%1"_s.arg(i));
            tiers.append(names[i % 4]);
        }
    }
};

const Users &users()
{
    static const Users instance;
    return instance;
}

AcquireRequest requestFor(int i)
{
    AcquireRequest request;
    request.pool = u"llm"_s;
    request.user = users().ids[i % kUsers];
    request.tier = users().tiers[i % kUsers];
    request.tokens = 10;
    return request;
}

void pairsWithCapacity(benchmark::State &state)
{
    ManualClock clock(kMidnight);
    Engine engine(clock, benchConfig(10'000, 1000));
    std::vector<AcquireRequest> requests;
    for (int i = 0; i < kUsers; ++i)
        requests.push_back(requestFor(i));
    const Usage usage{8, 2, {}, false};
    size_t i = 0;
    for (auto _ : state) {
        clock.advance(1);
        const Decision decision = engine.acquire(requests[i]);
        if (!decision.granted()) {
            state.SkipWithError("capacity was exhausted");
            break;
        }
        engine.release(decision.id, usage);
        if (++i == requests.size())
            i = 0;
    }
    state.counters["pairs/s"] = benchmark::Counter(double(state.iterations()),
                                                   benchmark::Counter::kIsRate);
}

void pairsSaturated(benchmark::State &state)
{
    constexpr int kSlots = 64;
    ManualClock clock(kMidnight);
    Engine engine(clock, benchConfig(kSlots, 1'000'000));
    std::deque<RequestId> leases;
    QObject::connect(&engine, &Engine::requestGranted, &engine,
                     [&leases](RequestId id, int, bool) { leases.push_back(id); });
    std::vector<AcquireRequest> requests;
    for (int i = 0; i < kUsers; ++i)
        requests.push_back(requestFor(i));
    size_t i = 0;
    for (; i < 10'000; ++i)
        engine.acquire(requests[i]);  // 64 leases and a backlog
    for (auto _ : state) {
        clock.advance(1);
        const Decision decision = engine.acquire(requests[i]);
        if (!decision.queued()) {
            state.SkipWithError("the pool was not saturated");
            break;
        }
        engine.release(leases.front());  // grants the head of the queue
        leases.pop_front();
        if (++i == requests.size())
            i = 0;
    }
    state.counters["pairs/s"] = benchmark::Counter(double(state.iterations()),
                                                   benchmark::Counter::kIsRate);
}

struct MillionWaiting
{
    static constexpr int kWaiting = 1'000'000;
    ManualClock clock{kMidnight};
    std::unique_ptr<Engine> engine;
    std::vector<RequestId> tickets;
    double bytesPerTicket = 0;
    double accountedPerTicket = 0;

    MillionWaiting()
    {
        std::vector<AcquireRequest> requests;
        for (int i = 0; i < kUsers; ++i)
            requests.push_back(requestFor(i));
        engine = std::make_unique<Engine>(clock, benchConfig(1, kWaiting));
        engine->acquire(requests[0]);  // holds the only slot
        tickets.reserve(kWaiting);
        const auto heap = [] { const auto info = mallinfo2(); return info.uordblks + info.hblkhd; };
        const size_t heapBefore = heap();
        const size_t accountedBefore = engine->memoryBytes();
        for (int i = 0; i < kWaiting; ++i) {
            if (i % 1000 == 0)
                clock.advance(1);
            tickets.push_back(engine->acquire(requests[size_t(i % kUsers)]).id);
        }
        const size_t heapAfter = heap();
        const double ticketVector = double(tickets.capacity() * sizeof(RequestId));
        bytesPerTicket = (double(heapAfter - heapBefore) - ticketVector) / kWaiting;
        accountedPerTicket = double(engine->memoryBytes() - accountedBefore) / kWaiting;
    }
};

MillionWaiting &millionWaiting()
{
    static MillionWaiting instance;
    return instance;
}

void memoryPerWaitingTicket(benchmark::State &state)
{
    MillionWaiting &m = millionWaiting();
    for (auto _ : state)
        benchmark::DoNotOptimize(m.engine->poolStatus(u"llm"_s));
    if (m.engine->poolStatus(u"llm"_s)->waiting != MillionWaiting::kWaiting)
        state.SkipWithError("not every ticket was queued");
    state.counters["heap_bytes/ticket"] = m.bytesPerTicket;
    state.counters["engine_bytes/ticket"] = m.accountedPerTicket;
}

void positionLookup(benchmark::State &state)
{
    MillionWaiting &m = millionWaiting();
    QRandomGenerator random(1);
    std::vector<RequestId> sample(4096);
    for (RequestId &id : sample)
        id = m.tickets[size_t(random.bounded(MillionWaiting::kWaiting))];
    size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(m.engine->position(sample[i]));
        i = (i + 1) & (sample.size() - 1);
    }
}

void ticketStatusLookup(benchmark::State &state)
{
    MillionWaiting &m = millionWaiting();
    QRandomGenerator random(2);
    std::vector<RequestId> sample(4096);
    for (RequestId &id : sample)
        id = m.tickets[size_t(random.bounded(MillionWaiting::kWaiting))];
    size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(m.engine->request(sample[i]));
        i = (i + 1) & (sample.size() - 1);
    }
}

void tokensFitInFullWindow(benchmark::State &state)
{
    constexpr qint64 kAdmissions = 100'000;
    constexpr qint64 kTokensEach = 10;
    SlidingWindow window;
    for (qint64 i = 0; i < kAdmissions; ++i)
        window.add(kMidnight + i / 2, kTokensEach); // 50 s of admissions, in order
    const qint64 limit = kAdmissions * kTokensEach; // full: every token must wait
    const qint64 need = state.range(0);
    for (auto _ : state)
        benchmark::DoNotOptimize(window.tokensFitAt(limit, need));
    state.counters["admissions_in_window"] = double(kAdmissions);
}

} // namespace

BENCHMARK(pairsWithCapacity)->Name("1_acquire_release_with_capacity");
BENCHMARK(pairsSaturated)->Name("2_acquire_release_saturated");
BENCHMARK(memoryPerWaitingTicket)->Name("3_memory_1M_waiting")->Iterations(1);
BENCHMARK(positionLookup)->Name("4_position_lookup_1M_waiting");
BENCHMARK(ticketStatusLookup)->Name("4b_ticket_status_1M_waiting");
BENCHMARK(tokensFitInFullWindow)
    ->Name("5_tpm_fit_100k_window")
    ->Arg(100)
    ->Arg(500'000)
    ->Arg(1'000'000);

BENCHMARK_MAIN();
