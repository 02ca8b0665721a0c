#include "alerts/AlertMonitor.h"

#include "alerts/AlertText.h"

#include <algorithm>

namespace sluice {

using namespace Qt::StringLiterals;

AlertMonitor::AlertMonitor(QList<AlertRule> rules)
{
    setRules(std::move(rules), 0);
}

QList<AlertEvent> AlertMonitor::setRules(QList<AlertRule> rules, TimeMs now)
{
    m_rules = std::move(rules);
    m_ruleIndex.clear();
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        if (!m_ruleIndex.contains(m_rules[i].id))
            m_ruleIndex.insert(m_rules[i].id, i);
    }

    QList<AlertEvent> events;
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        if (enabledRule(it->first.first)) {
            ++it;
            continue;
        }
        if (it->second.firing)
            events << clear(it->second, now);
        it = m_tracks.erase(it);
    }
    return events;
}

const AlertRule *AlertMonitor::enabledRule(const QString &id) const
{
    const auto it = m_ruleIndex.constFind(id);
    if (it == m_ruleIndex.cend() || !m_rules[*it].enabled)
        return nullptr;
    return &m_rules[*it];
}

std::map<AlertMonitor::Key, AlertMonitor::Observation>
AlertMonitor::observe(const QList<UtilisationSample> &samples) const
{
    std::map<Key, Observation> observed;
    for (auto index = m_ruleIndex.cbegin(); index != m_ruleIndex.cend(); ++index) {
        const AlertRule &rule = m_rules[*index];
        if (!rule.enabled)
            continue;
        for (const UtilisationSample &sample : samples) {
            if (sample.metric != rule.metric || sample.limit <= 0 ||
                (!rule.target.isEmpty() && sample.target != rule.target)) {
                continue;
            }
            const Observation seen{double(sample.used) / double(sample.limit), sample.used,
                                   sample.limit};
            const auto [it, inserted] = observed.try_emplace(Key{rule.id, sample.target}, seen);
            if (!inserted && seen.utilisation > it->second.utilisation)
                it->second = seen;
        }
    }
    return observed;
}

QList<AlertEvent> AlertMonitor::evaluate(TimeMs now, const QList<UtilisationSample> &samples)
{
    const std::map<Key, Observation> observed = observe(samples);
    QList<AlertEvent> events;

    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        if (observed.count(it->first)) {
            ++it;
            continue;
        }
        if (it->second.firing)
            events << clear(it->second, now);
        it = m_tracks.erase(it);
    }

    for (const auto &[key, seen] : observed) {
        const AlertRule &rule = *enabledRule(key.first);
        auto it = m_tracks.find(key);
        if (it == m_tracks.end()) {
            if (!(seen.utilisation >= rule.threshold))
                continue;
            it = m_tracks.emplace(key, Track{false, now, seen.utilisation, {}}).first;
        }
        if (const std::optional<AlertEvent> event = step(it->second, key, rule, seen, now))
            events << *event;
        if (!it->second.firing && !(seen.utilisation >= rule.threshold))
            m_tracks.erase(it);
    }
    return events;
}

std::optional<AlertEvent> AlertMonitor::step(Track &track, const Key &key, const AlertRule &rule,
                                             const Observation &seen, TimeMs now)
{
    track.peak = std::max(track.peak, seen.utilisation);
    if (track.firing) {
        track.record.peak = track.peak;
        if (seen.utilisation < std::min(rule.clearBelow, rule.threshold))
            return clear(track, now);
        return std::nullopt;
    }
    if (!(seen.utilisation >= rule.threshold) || now - track.pendingSince < rule.pendingMs)
        return std::nullopt;

    track.firing = true;
    AlertRecord &record = track.record;
    record.id = m_nextId++;
    record.ruleId = rule.id;
    record.metric = alertMetricName(rule.metric);
    record.target = key.second;
    record.threshold = rule.threshold;
    record.peak = track.peak;
    record.firedAt = now;
    record.message = detail::alertMessage(rule.metric, key.second, seen.used, seen.limit);
    return AlertEvent{AlertEvent::Kind::Fired, record};
}

AlertEvent AlertMonitor::clear(Track &track, TimeMs now)
{
    track.firing = false;
    track.record.clearedAt = now;
    addToHistory(track.record);
    return AlertEvent{AlertEvent::Kind::Cleared, track.record};
}

void AlertMonitor::addToHistory(const AlertRecord &record)
{
    m_history.push_front(record);
    if (m_history.size() > size_t(kHistoryCapacity))
        m_history.pop_back();
}

std::optional<AlertEvent> AlertMonitor::acknowledge(qint64 alertId, const QString &who, TimeMs now)
{
    for (auto &[key, track] : m_tracks) {
        if (!track.firing || track.record.id != alertId)
            continue;
        if (track.record.ackedAt != 0)
            return std::nullopt;
        track.record.ackedAt = now;
        track.record.ackedBy = who;
        return AlertEvent{AlertEvent::Kind::Acknowledged, track.record};
    }
    return std::nullopt;
}

AlertEvent AlertMonitor::testAlert(const QString &who, TimeMs now)
{
    AlertRecord record;
    record.id = m_nextId++;
    record.ruleId = u"test"_s;
    record.metric = u"test"_s;
    record.firedAt = now;
    record.clearedAt = now;
    record.message = who.isEmpty() ? u"Test alert"_s : u"Test alert sent by %1"_s.arg(who);
    addToHistory(record);
    return AlertEvent{AlertEvent::Kind::Test, record};
}

QList<AlertRecord> AlertMonitor::active() const
{
    QList<AlertRecord> records;
    for (const auto &[key, track] : m_tracks) {
        if (track.firing)
            records << track.record;
    }
    std::sort(records.begin(), records.end(),
              [](const AlertRecord &a, const AlertRecord &b) { return a.id < b.id; });
    return records;
}

QList<AlertRecord> AlertMonitor::history(int limit) const
{
    const auto count = std::clamp(qsizetype(limit), qsizetype(0), qsizetype(m_history.size()));
    return QList<AlertRecord>(m_history.cbegin(), m_history.cbegin() + count);
}

std::optional<TimeMs> AlertMonitor::nextDeadline() const
{
    std::optional<TimeMs> earliest;
    for (const auto &[key, track] : m_tracks) {
        const AlertRule *rule = enabledRule(key.first);
        if (track.firing || !rule)
            continue;
        const TimeMs due = track.pendingSince + rule->pendingMs;
        if (!earliest || due < *earliest)
            earliest = due;
    }
    return earliest;
}

void AlertMonitor::restore(const QList<AlertRecord> &active, qint64 nextId)
{
    m_tracks.clear();
    m_nextId = std::max<qint64>(1, nextId);
    for (const AlertRecord &record : active) {
        if (record.clearedAt != 0)
            continue;
        m_nextId = std::max(m_nextId, record.id + 1);
        Track &track = m_tracks[Key{record.ruleId, record.target}];
        if (track.firing && track.record.id > record.id)
            continue;
        track = Track{true, record.firedAt, record.peak, record};
    }
}

} // namespace sluice
