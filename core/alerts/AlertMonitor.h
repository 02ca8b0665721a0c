#pragma once

#include "alerts/AlertEvent.h"
#include "alerts/UtilisationSample.h"
#include "config/AlertRule.h"
#include "store/StoreRecords.h"
#include "util/Clock.h"

#include <QHash>
#include <QList>
#include <QString>

#include <deque>
#include <map>
#include <optional>
#include <utility>

namespace sluice {

/// Turns utilisation samples into alerts, per alert rule and target (SPEC section 3,
/// "Alerts").
///
/// A rule watches the samples of its metric whose target equals its own (any target when
/// the rule's is empty). For each (rule, target): utilisation >= threshold starts a pending
/// alert, which fires once it has held for pendingMs (at once for 0); dropping below the
/// threshold while pending cancels it. A firing alert clears when utilisation falls below
/// clearBelow (hysteresis; a clearBelow above the threshold counts as the threshold), when
/// its target is missing from a round of samples or has become unlimited, or when its rule
/// is removed or disabled. `peak` is the highest utilisation since the alert went pending.
///
/// Every call returns the transitions it caused, for the store and the sinks. Cleared and
/// test alerts go to an in-memory history of the last kHistoryCapacity (the store keeps
/// them all). Alert ids increase and survive restarts through restore().
///
/// Not thread-safe: it lives on the engine's thread. Times are ms since the epoch (UTC).
class AlertMonitor
{
public:
    static constexpr int kHistoryCapacity = 1000;

    explicit AlertMonitor(QList<AlertRule> rules = {});

    /// Replaces the rules. Pending and firing state of (rule, target) pairs whose rule id
    /// is still present and enabled carries over (the new threshold and clear level apply
    /// from the next evaluate()); alerts of removed or disabled rules clear. Of several
    /// rules with one id, the first counts.
    QList<AlertEvent> setRules(QList<AlertRule> rules, TimeMs now);
    const QList<AlertRule> &rules() const { return m_rules; }

    /// Feeds one complete round of samples: every limit that exists now.
    QList<AlertEvent> evaluate(TimeMs now, const QList<UtilisationSample> &samples);

    /// Acknowledges a firing alert that nobody has acknowledged yet; nullopt otherwise.
    /// The alert keeps firing until it clears.
    std::optional<AlertEvent> acknowledge(qint64 alertId, const QString &who, TimeMs now);

    /// A synthetic alert to check the sinks: it goes to history, never to active().
    AlertEvent testAlert(const QString &who, TimeMs now);

    /// Firing alerts, oldest first.
    QList<AlertRecord> active() const;
    /// Ended alerts, newest first, at most `limit` (and at most kHistoryCapacity).
    QList<AlertRecord> history(int limit) const;

    /// When the earliest pending alert would fire if utilisation stays; the engine's timer
    /// should call evaluate() then. nullopt when nothing is pending.
    std::optional<TimeMs> nextDeadline() const;

    /// After a restart: the alerts that were firing (records with clearedAt 0; others are
    /// ignored) and the next free id. Replaces the current pending and firing state; alerts
    /// whose rule is gone clear at the next evaluate().
    void restore(const QList<AlertRecord> &active, qint64 nextId);
    /// The id the next alert will get.
    qint64 nextId() const { return m_nextId; }

private:
    using Key = std::pair<QString, QString>; // rule id, target

    struct Track
    {
        bool firing = false;
        TimeMs pendingSince = 0;
        double peak = 0;
        AlertRecord record; // valid while firing
    };

    struct Observation
    {
        double utilisation = 0;
        qint64 used = 0;
        qint64 limit = 0;
    };

    const AlertRule *enabledRule(const QString &id) const;
    std::map<Key, Observation> observe(const QList<UtilisationSample> &samples) const;
    std::optional<AlertEvent> step(Track &track, const Key &key, const AlertRule &rule,
                                   const Observation &seen, TimeMs now);
    AlertEvent clear(Track &track, TimeMs now);
    void addToHistory(const AlertRecord &record);

    QList<AlertRule> m_rules;
    QHash<QString, qsizetype> m_ruleIndex; // first rule of each id
    std::map<Key, Track> m_tracks;
    std::deque<AlertRecord> m_history; // newest first
    qint64 m_nextId = 1;
};

} // namespace sluice
