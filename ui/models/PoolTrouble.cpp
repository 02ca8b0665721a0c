#include "models/PoolTrouble.h"

#include "widgets/DisplayText.h"

#include <algorithm>

namespace sluice {

using namespace Qt::StringLiterals;

PoolTrouble::State PoolTrouble::state(const PoolStatus &pool, TimeMs now)
{
    switch (pool.mode) {
    case PoolMode::Paused:
        return State::Paused;
    case PoolMode::Draining:
        return State::Draining;
    case PoolMode::Drained:
        return State::Drained;
    case PoolMode::Running:
        break;
    }
    return pool.throttledUntil > now ? State::Throttled : State::Running;
}

QString PoolTrouble::statusText(const PoolStatus &pool, TimeMs now)
{
    switch (state(pool, now)) {
    case State::Running:
        return u"Running"_s;
    case State::Draining:
        return u"Draining ("_s % display::count(pool.drainRemaining) % u" left)"_s;
    case State::Drained:
        return u"Drained"_s;
    case State::Paused:
        return u"Paused"_s;
    case State::Throttled:
        return u"Throttled by upstream until "_s % display::timeOfDay(pool.throttledUntil);
    }
    return {};
}

TroubleLevel PoolTrouble::statusLevel(State state)
{
    switch (state) {
    case State::Running:
        return TroubleLevel::Normal;
    case State::Draining:
    case State::Drained:
    case State::Paused:
        return TroubleLevel::Warning;
    case State::Throttled:
        return TroubleLevel::Critical;
    }
    return TroubleLevel::Normal;
}

QList<PoolStatus> PoolTrouble::worstFirst(const QList<PoolStatus> &pools, const AlertLevels &levels,
                                          TimeMs now, bool byWaiting)
{
    struct Ranked
    {
        State state;
        TroubleLevel level;
        qint64 waiting;
        qsizetype index;
    };
    QList<Ranked> ranked;
    ranked.reserve(pools.size());
    for (qsizetype i = 0; i < pools.size(); ++i)
        ranked.append({state(pools.at(i), now), levels.worst(pools.at(i)), pools.at(i).waiting, i});
    std::sort(ranked.begin(), ranked.end(), [byWaiting](const Ranked &a, const Ranked &b) {
        if (a.state != b.state)
            return a.state > b.state;
        if (a.level != b.level)
            return a.level > b.level;
        if (byWaiting && a.waiting != b.waiting)
            return a.waiting > b.waiting;
        return a.index < b.index;
    });
    QList<PoolStatus> result;
    result.reserve(pools.size());
    for (const Ranked &r : std::as_const(ranked))
        result.append(pools.at(r.index));
    return result;
}

QString PoolTrouble::pickerLabel(const PoolStatus &pool, TimeMs now)
{
    const QString waiting = display::count(pool.waiting) % u" waiting"_s;
    switch (state(pool, now)) {
    case State::Running:
        return pool.name % u" — "_s % waiting;
    case State::Draining:
        return pool.name % u" — draining, "_s % waiting;
    case State::Drained:
        return pool.name % u" — drained, "_s % waiting;
    case State::Paused:
        return pool.name % u" — paused, "_s % waiting;
    case State::Throttled:
        return pool.name % u" — throttled, "_s % waiting;
    }
    return pool.name;
}

} // namespace sluice
