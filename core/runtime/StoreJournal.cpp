#include "runtime/StoreJournal.h"

#include "engine/Engine.h"
#include "store/StoreWriter.h"

#include <QTimer>

#include <algorithm>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
// Ids are (generation << 32 | slot). The floor of generations is persisted ahead of use, so
// that after a crash no id handed out before can be handed out again.
constexpr quint32 kGenerationReserve = 1'000'000;
} // namespace

StoreJournal::StoreJournal(Engine &engine, StoreWriter &writer, quint32 generationFloor,
                           QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_writer(writer)
    , m_generationFloor(generationFloor)
{
    connect(&writer, &StoreWriter::committed, this, &StoreJournal::onCommitted);
}

void StoreJournal::requestChanged(RequestId id)
{
    m_dirty.insert(id);
    schedule();
}

void StoreJournal::usageAdded(qint32 day, int pool, quint32 user, int tier, qint64 requests,
                              qint64 inputTokens, qint64 outputTokens, qint64 costNanoUsd,
                              qint64 credits)
{
    UsageDelta delta;
    delta.day = day;
    delta.pool = m_engine.poolName(pool);
    delta.user = m_engine.userId(user);
    delta.tier = m_engine.tierName(tier);
    delta.requests = requests;
    delta.inputTokens = inputTokens;
    delta.outputTokens = outputTokens;
    delta.costNanoUsd = costNanoUsd;
    delta.credits = credits;
    m_batch.addUsage(delta);
    schedule();
}

void StoreJournal::windowAdded(int pool, TimeMs at, qint64 requests, qint64 tokens)
{
    // Summed by pool index here (a grant's hot path); named in flush(), like the requests.
    const qint64 second = at / 1000;
    const auto same = [&](const WindowDelta &d) { return d.pool == pool && d.second == second; };
    if (const auto it = std::find_if(m_window.rbegin(), m_window.rend(), same);
        it != m_window.rend()) {
        it->requests += requests;
        it->tokens += tokens;
    } else {
        m_window.push_back({pool, second, requests, tokens});
    }
    m_windowSecond = std::max(m_windowSecond, second);
    schedule();
}

void StoreJournal::append(StoreBatch batch)
{
    m_batch.merge(std::move(batch));
    schedule();
}

void StoreJournal::schedule()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, &StoreJournal::flush);
}

quint64 StoreJournal::flush()
{
    m_scheduled = false;
    const RequestTable &table = m_engine.requests();
    for (const RequestId id : std::as_const(m_dirty)) {
        const quint32 index = table.find(id);
        if (index == RequestSlot::kNone) {
            m_batch.removeRequest(id);
            continue;
        }
        const RequestRow row = m_engine.requestRow(index);
        m_batch.putRequest(row);
    }
    m_dirty.clear();
    for (const WindowDelta &d : m_window)
        m_batch.addWindow({m_engine.poolName(d.pool), d.second, d.requests, d.tokens});
    m_window.clear();
    // A second leaves every window 60 s after its end; one more second of slack.
    if (const qint64 expired = m_windowSecond - 61; expired > m_windowExpired) {
        m_windowExpired = expired;
        m_batch.expireWindowBefore(expired);
    }
    if (table.nextGeneration() + kGenerationReserve / 10 > m_generationFloor) {
        m_generationFloor = table.nextGeneration() + kGenerationReserve;
        m_batch.setMeta(u"generation_floor"_s, QString::number(m_generationFloor));
    }
    if (m_batch.isEmpty() && m_nextFlush.empty())
        return m_writer.submittedSeq();
    const quint64 seq = m_batch.isEmpty() ? m_writer.submittedSeq()
                                          : m_writer.submit(std::exchange(m_batch, StoreBatch{}));
    for (auto &done : m_nextFlush)
        m_waiting.emplace_back(seq, std::move(done));
    m_nextFlush.clear();
    onCommitted(m_writer.committedSeq());
    return seq;
}

void StoreJournal::whenDurable(std::function<void()> done)
{
    if (m_batch.isEmpty() && m_dirty.isEmpty() && m_window.empty()) {
        const quint64 target = m_writer.submittedSeq();
        if (m_writer.committedSeq() >= target)
            done();
        else
            m_waiting.emplace_back(target, std::move(done));
        return;
    }
    m_nextFlush.push_back(std::move(done));
    schedule();
}

void StoreJournal::onCommitted(quint64 seq)
{
    auto ready = std::stable_partition(m_waiting.begin(), m_waiting.end(),
                                [seq](const auto &entry) { return entry.first > seq; });
    std::vector<std::function<void()>> due;
    for (auto it = ready; it != m_waiting.end(); ++it)
        due.push_back(std::move(it->second));
    m_waiting.erase(ready, m_waiting.end());
    for (auto &done : due)
        done();
}

} // namespace sluice
