#pragma once

#include "config/EngineConfig.h"
#include "util/Clock.h"

#include <QObject>

namespace sluice {

class ConfigVersions;
class EngineRuntime;
class SharedLink;
struct RedisAnswer;
struct RedisEvent;

/// One configuration for every replica of a deployment (SCALEOUT.md: "a config change on one
/// replica must reach all"). The whole configuration is a JSON document in Redis
/// (RedisConfigDocument) with a shared version:
///  - a change made here (the API, the dashboard, a reload on SIGHUP) is published as the
///    next version; the others hear the `config` event within milliseconds and apply it as a
///    version of their own, audited with the original actor and "from replica X";
///  - a replica that starts, or reconnects, applies the document Redis holds, and publishes
///    its own when Redis has none (a new deployment, or Redis lost its data) or when a change
///    made here is pending: made while Redis was out, or a configuration file edited since
///    this replica last loaded it. A new replica's file (a fresh store) changes nothing: it
///    only seeds a deployment that has none;
///  - two changes at once on two replicas: the later publication wins as a whole (its
///    replica republishes over the version it did not know, and says so in its log);
///  - a document this replica refuses (invalid, e.g. written by a newer release) is not
///    applied: the configuration in force stays, and problem() says why.
/// Identical documents never republish, so replicas that disagree only on version numbers
/// (Redis lost its data and one replica seeded it again) settle without ping-pong.
///
/// Threading: the engine's thread (that of ConfigVersions and the link).
class SharedConfig : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kRefreshMs = 10'000;
    static constexpr int kPublishAttempts = 3;

    /// A change made here before the link came up is published rather than replaced by the
    /// deployment's: a file edited since this store last loaded it
    /// (EngineRuntime::fileChangedAtStart), or a change not published when this replica
    /// stopped (the store keeps the local version last synced).
    SharedConfig(EngineRuntime &runtime, SharedLink &link, QObject *parent = nullptr);

    /// The deployment version this replica's configuration stands for; 0: none yet.
    qint64 sharedVersion() const { return m_version; }
    /// Why the deployment's configuration is not the one in force here; empty when it is.
    QString problem() const { return m_problem; }
    /// A change made here is not published yet (Redis could not be reached).
    bool pending() const { return m_pending; }
    /// A read or a publication is in flight.
    bool syncing() const { return m_busy; }
    /// Reads the document again every kRefreshMs (an event lost to a trimmed stream) and
    /// retries a pending publication; call it with the shared upkeep.
    void upkeep(TimeMs now);

private:
    void onLocalChange();
    void onEvent(const RedisEvent &event);
    /// Reads the document and applies it or publishes ours (see the class comment).
    void sync();
    void onRead(const RedisAnswer &answer);
    void publish(qint64 replaces, int attempt);
    /// `local`: the local version that was published.
    void onPublished(const RedisAnswer &answer, int attempt, qint32 local);
    void adopt(qint64 version, const EngineConfig &config, const QString &actor,
               const QString &replica);
    /// Deployment version `version` is local version `local` now (adopted or published):
    /// kept in the store for the next start.
    void synced(qint64 version, qint32 local);
    void finish();
    void setProblem(const QString &problem);

    EngineRuntime &m_runtime;
    ConfigVersions &m_versions;
    SharedLink &m_link;
    qint64 m_version = 0;
    QString m_problem;
    bool m_pending = false;    ///< a change made here is not published yet
    bool m_adopting = false;   ///< the change being applied came from Redis
    bool m_refused = false;    ///< the deployment's document was refused here
    bool m_busy = false;       ///< a read or a publication is in flight
    bool m_again = false;      ///< sync once the call in flight is answered
    TimeMs m_lastSync = 0;
};

} // namespace sluice
