#include "api/HeldRefusals.h"

#include "api/ApiReply.h"

namespace sluice {

HeldRefusals::HeldRefusals(const Clock &clock, qsizetype capacity, Answer answer, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_capacity(capacity)
    , m_answer(std::move(answer))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HeldRefusals::answerDue);
}

bool HeldRefusals::hold(TimeMs due, const ApiRequest &request, ApiReply &reply)
{
    if (size() >= m_capacity)
        return false;
    ApiRequest kept;
    kept.method = request.method;
    kept.path = request.path;
    kept.peer = request.peer;
    kept.actor = request.actor;
    kept.badKey = true;
    kept.authenticated = true;
    if (due <= m_clock.now()) {
        m_answer(kept, reply);
        return true;
    }
    m_entries.emplace(due, Entry{&reply, std::move(kept)});
    arm();
    return true;
}

void HeldRefusals::answerDue()
{
    const TimeMs now = m_clock.now();
    while (!m_entries.empty() && m_entries.begin()->first <= now) {
        Entry entry = std::move(m_entries.begin()->second);
        m_entries.erase(m_entries.begin());
        if (ApiReply *reply = entry.reply.data(); reply && !reply->isClientGone())
            m_answer(entry.request, *reply);
    }
    arm();
}

qsizetype HeldRefusals::bytes() const
{
    qsizetype total = 0;
    for (const auto &[due, entry] : m_entries) {
        total += qsizetype(sizeof(due) + sizeof(entry)) + entry.request.path.capacity() * 2 +
                 entry.request.peer.capacity() * 2 + entry.request.actor.capacity() * 2 +
                 entry.request.body.capacity() + entry.request.headers.capacity() * 2 * 24;
    }
    return total;
}

void HeldRefusals::arm()
{
    if (m_entries.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = std::max<qint64>(1, m_entries.begin()->first - m_clock.now());
    m_timer.start(int(std::min<qint64>(wait, 60'000)));
}

} // namespace sluice
