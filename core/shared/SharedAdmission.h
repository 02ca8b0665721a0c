#pragma once

#include "engine/RequestRow.h"
#include "runtime/AdmissionService.h"
#include "shared/FallbackMode.h"
#include "shared/SharedRequests.h"

#include <QObject>
#include <QPointer>

#include <deque>

namespace sluice {

class Engine;
class SharedConfig;
class SharedLink;
struct RedisAnswer;
struct RedisEvent;

/// Admission shared by every replica of a deployment (SCALEOUT.md): each acquire is one
/// sl_admit call in Redis, which decides against the global counts, windows, quotas and the
/// one queue. The local Engine (in shared mode: it never grants from its queue by itself)
/// records each decision, so that request ids, ownership, status, heartbeats, the journal
/// and the dashboard work as they do for local decisions.
///
///  - A grant made elsewhere (a release on another replica frees a slot for our ticket)
///    comes as an event of the stream, or in the answer of our own call, and is recorded
///    with Engine::grantHeld().
///  - Releases and cancels are answered from the local engine at once and sent to Redis;
///    one Redis misses (it was down) is sent again by upkeep(), so its slot comes back.
///  - The engine's own ends (a client's lease idle, a ticket's timeout, an operator's cancel)
///    are sent to Redis too.
///  - fail_closed (a pool's default): while the link is not ready, a request that may wait
///    waits here until Redis answers (SharedHeld.cpp), and one that may not, or one whose
///    call fails, is refused with REDIS_UNAVAILABLE (503): no replica exceeds a limit it
///    cannot see.
///  - local_share (a pool's `redis_down`): while Redis is out (FallbackMode, with hysteresis)
///    this replica decides alone within ceil(limit / live replicas) of each pool limit; when
///    Redis is back, what it granted alone is registered there (sl_reassert) before it decides
///    in Redis again (SharedFallback.cpp).
///  - After a restart, the tickets and leases restored from the store are found again in
///    Redis by their handles once it answers (SharedRestored.cpp); what ends here before
///    that reaches Redis when they are found.
///
/// Threading: the engine's thread.
class SharedAdmission : public QObject, public AdmissionService
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxUnsent = 100'000;
    static constexpr int kHeartbeatBatch = 500;
    static constexpr int kReplayBatch = 200; ///< users per sl_replay call
    static constexpr int kMaxUpkeepMs = 1000;

    SharedAdmission(Engine &engine, SharedLink &link, QObject *parent = nullptr);

    void acquire(const AcquireRequest &request, Decided decided) override;
    void release(RequestId id, const Usage &usage, Ended done) override;
    void cancel(RequestId id, Ended done) override;
    void heartbeat(RequestId id, Ended done) override;
    /// A waiting ticket's place in the global queue (sl_status), the engine's view otherwise.
    void describe(RequestId id, Described described) override;
    /// sl_pause_until: every replica's grants in the pool wait (and this engine shows it).
    void throttle(const QString &pool, qint64 forMs) override;
    /// A ticket (or lease) another replica admitted, claimed here for its client
    /// (SharedResume.cpp).
    void resume(const PublicRequestId &named, const ResumeProof &proof, Resumed resumed) override;

    /// What a replica does about once a second: sl_tick in every pool (expiries of dead
    /// replicas' leases, grants a sliding window allows), one heartbeat for all of this
    /// replica's leases, and the ends Redis has not heard yet.
    void upkeep();
    /// How often upkeep() should run: every second, or a third of the shortest lease idle
    /// timeout when that is shorter (at least every 100 ms).
    int upkeepIntervalMs() const;
    /// Requests of this replica decided in Redis (tests, metrics).
    qsizetype tracked() const { return m_requests.size(); }
    /// Tickets waiting here for Redis to answer again (tests, metrics).
    qsizetype held() const { return m_held.size(); }
    /// What held tickets wait for before they go to Redis: "redis" (to answer), "usage" (to
    /// be known to hold the usage this replica counted, or the replay), "leases" (a whole
    /// heartbeat round, which registers again what Redis lost), "grace" (after a loss, time
    /// for the other replicas to do the same); empty: nothing.
    QString heldWaitsFor() const;
    /// The deployment's configuration, for replicas() (null: not shown).
    void setSharedConfig(const SharedConfig *config) { m_config = config; }
    /// Whether local_share pools decide alone now, since when and why.
    const FallbackMode &fallback() const { return m_fallback; }
    /// Replicas heartbeating in Redis lately, as last read (local_share's divisor); 0: not yet.
    int liveReplicas() const { return m_liveReplicas; }
    /// How long a replica's heartbeat in Redis counts it as live, for local_share's divisor.
    static constexpr qint64 kLiveReplicaMs = 10'000;
    /// The id of the usage in Redis (sl_tick's `usage_id`) this replica's usage of the day
    /// went into, as its store kept it, and how to keep a new one (SharedReplay.cpp).
    void setUsageId(const QString &id, std::function<void(const QString &)> save);
    const QString &usageId() const { return m_usageId; }
    /// Users whose usage sl_replay counted again after Redis lost it, since start.
    qint64 replayedUsers() const { return m_replayedUsers; }
    /// sluice_replica_info, sluice_shared_ready, ..._unavailable_total, ..._unsent_ends,
    /// ..._requests and ..._round_trip_seconds, labelled with the replica (SharedMetrics.cpp).
    QByteArray metrics() const override;
    /// This replica's link and every replica's last heartbeat (ZRANGE {S}:replicas),
    /// SharedMetrics.cpp.
    void replicas(std::function<void(const QJsonObject &answer)> done) const override;

private:
    struct End
    {
        QString pool;
        QString sharedId;
        bool lease = false;
        qint64 tokens = -1; ///< actual tokens; -1: the estimate stands
        bool refund = false;
        /// Granted alone and not registered in Redis yet: registered first, then ended.
        std::optional<RedisLease> alone;
        qint64 costNanoUsd = 0; ///< what the usage cost (the daily spending limit)
    };

    struct Abandoned
    {
        AcquireRequest request;
        QByteArray requestId;
    };

    void admit(const AcquireRequest &request, const QByteArray &requestId, Decided decided,
               int attempt);
    void admitted(const AcquireRequest &request, const QByteArray &requestId,
                  const RedisAnswer &answer, Decided decided, int attempt);
    Decision record(const AcquireRequest &request, const RedisAnswer &answer);
    /// Tracks `local` as Redis's `sharedId`, with a resume handle unless it is a proxied call.
    void track(RequestId local, const AcquireRequest &request, const QString &sharedId, bool lease);
    void onEvent(const RedisEvent &event);
    void onEnded(RequestId id, int pool, Reason reason);
    /// Records grants Redis made. `ours`: the ids are this replica's (an event addressed to
    /// it), so one not known yet is a grant that overtook its admission's answer; otherwise
    /// (a `granted` list of any call's answer) ids not known here are other replicas'.
    void grantedInRedis(const QString &pool, const QStringList &sharedIds, bool ours);
    /// Ends locally what Redis ended (an expired lease, a dropped ticket).
    void endedInRedis(const QString &pool, const QString &sharedId, Reason reason);
    void sendEnd(const End &end);
    /// The end of `request` to tell Redis (see End).
    static End endOf(const SharedRequest &request, qint64 tokens, bool refund);
    /// A call's outcome, for the hysteresis of FallbackMode.
    void noteCall(const RedisAnswer &answer);
    // local_share (SharedFallback.cpp).
    /// True when `pool` is local_share and this replica decides alone now.
    bool decidesAlone(const QString &pool) const;
    void decideAlone(const AcquireRequest &request, const Decided &decided);
    void onReadyChanged(bool ready);
    /// Registers in Redis the leases granted alone (sl_reassert); those that ended meanwhile
    /// are then released there, so their usage counts in the windows and the quota.
    void registerAlone();
    /// `usageId`: the usage those that ended count in now (see countedAlone()).
    void registeredAlone(const QString &pool, const QList<RedisLease> &leases,
                         const QString &usageId);
    /// Reads how many replicas heartbeat in Redis (local_share's divisor) and leaves the
    /// fallback when it may.
    void followFallback();
    /// An admission whose answer timed out may have committed: asks again with its request
    /// id (idempotent) and gives back whatever it holds.
    void giveBackAbandoned();
    /// Registers again in Redis this replica's leases it lost (sl_reassert).
    void reassert(const QString &pool, const QStringList &missing, int round);
    // Operators' pool actions, shared (SharedOperations.cpp): a pause, resume or drain made
    // here goes to Redis (sl_op), so every replica's admissions follow it; one made on
    // another replica comes back as an `op` event and is applied here; a purge here purges
    // the shared queue.
    void onPoolActed(int pool, const QString &action);
    void applyOperation(const RedisEvent &event);
    void sendOperation(const QString &pool, const QString &op);
    // Resuming on another replica (SharedResume.cpp).
    /// The Redis key of the handle of the request its client names `publicId`.
    QByteArray handleKey(const QString &publicId) const;
    /// Leaves in Redis what another replica needs to resume request `local` (a ticket or a
    /// lease) for its client.
    /// Returns when the handle is due for renewal should it become a long lease; -1: none.
    TimeMs writeHandle(RequestId local, const AcquireRequest &request, const QString &sharedId);
    /// Keeps the handles of long leases alive: a lease may be heartbeated far longer than the
    /// handle's first lifetime, and its client may still move or its replica restart.
    void refreshHandles();
    /// What `handle` says of the request (nullopt: not a request this replica can record),
    /// owned by `proof`'s key when it was proven with one.
    std::optional<AcquireRequest> resumable(const QJsonObject &handle,
                                            const ResumeProof &proof) const;
    std::optional<RequestId> adoptResumed(const PublicRequestId &named, const ResumeProof &proof,
                                          AcquireRequest request, const QJsonObject &handle,
                                          const RedisAnswer &claim);
    // Requests restored from the store at start, attached to Redis again (SharedRestored.cpp).
    struct Restored
    {
        RequestRow row;
        /// It ended here before it was attached: what Redis must hear once it is.
        std::optional<End> end;
    };
    /// Takes the engine's requests (all restored: this runs before any admission).
    void takeRestored();
    /// Looks up each restored request's handle and claims it only from this replica, once
    /// the link is ready (again by upkeep after a failure).
    void reattachRestored();
    void reattach(RequestId id, const QJsonObject &handle);
    void reattached(RequestId id, const QString &sharedId, const RedisAnswer &claim);
    /// A restored request not attached yet ended here (`tokens`: actual, -1: the estimate;
    /// an earlier note with usage stands); false when it is not one.
    bool noteRestoredEnd(RequestId id, qint64 tokens, bool refund, qint64 costNanoUsd,
                         bool overwrite);
    // Replaying this replica's usage of the day after Redis lost it (SharedReplay.cpp).
    struct Replay
    {
        QString usageId; ///< the id Redis holds now, where the usage is counted again
        QString pool;    ///< the pool whose keys the calls name
        qint32 day = 0;
        QList<QList<RedisUsage>> parts;
        QList<bool> done;
        int inFlight = 0;
    };
    /// sl_tick read Redis's usage id: keeps it, or counts this replica's usage again in it
    /// when it is not the one that usage went into.
    void followUsage(const QString &pool, const QString &usageId);
    /// The quota day and what ended here that day, per user: Redis learns the rest (leases
    /// held now, leases granted alone) from sl_reassert.
    std::pair<qint32, QList<RedisUsage>> finishedUsage(const QString &usageId) const;
    /// A lease granted alone and ended was registered in Redis, in usage id `usageId`: a
    /// replay into that id must not count it again.
    void countedAlone(const QString &usageId, const End &end);
    /// Sends the parts of m_replay not counted yet.
    void sendReplay();
    void keepUsageId(const QString &id);
    // Tickets held here while Redis cannot be reached (SharedHeld.cpp).
    struct Held
    {
        AcquireRequest request;
        QByteArray requestId; ///< sl_admit's idempotency key, the same on every attempt
        TimeMs since = 0;     ///< when it came (engine clock)
        bool sending = false;   ///< an sl_admit is on its way
        bool ended = false;     ///< ended here while it was on its way
        bool uncertain = false; ///< an attempt failed: Redis may hold it (see m_abandoned)
    };
    /// After Redis lost its data, held tickets wait this long (engine time) so that every
    /// replica registers its running leases again before they compete for the slots.
    static constexpr qint64 kHeldLossGraceMs = 2 * kMaxUpkeepMs;
    /// One call of heartbeat round `round` (sl_heartbeat, or the sl_reassert it led to) answered.
    void heartbeatAnswered(int round, bool ok);
    /// Calls not answered yet, whether one failed, and m_linkEpoch when it was sent.
    struct HeartbeatRound { int outstanding = 0; bool failed = false; int linkEpoch = 0; };
    /// Holds `request` as a waiting ticket of this replica until Redis answers; false when
    /// it may not wait (wait=false, or its pool's max_queue_length tickets wait here).
    bool holdWhileUnavailable(const AcquireRequest &request, const QByteArray &requestId,
                              const Decided &decided);
    /// Admits the held tickets in Redis, once it answers (upkeep).
    void sendHeld();
    void heldAdmitted(RequestId local, const RedisAnswer &answer);
    /// A held ticket ended here (timed out, cancelled); false when `id` is not one.
    bool noteHeldEnd(RequestId id);
    /// Drops a held ticket; `giveBack`: Redis may have admitted it (m_abandoned).
    void forgetHeld(QHash<RequestId, Held>::iterator held, bool giveBack);
    /// fail_closed: refuses `request` because the shared state cannot be reached.
    void refuseUnavailable(const AcquireRequest &request, const QString &why,
                           const Decided &decided);

    Engine &m_engine;
    SharedLink &m_link;
    const SharedConfig *m_config = nullptr;
    SharedRequests m_requests;
    std::deque<End> m_unsent;
    std::deque<Abandoned> m_abandoned;
    FallbackMode m_fallback;
    /// Ends of leases granted alone and not registered yet, by pool + '\n' + id.
    QHash<QString, End> m_aloneEnds;
    int m_registering = 0;        ///< sl_reassert calls of registerAlone() in flight
    int m_liveReplicas = 0;       ///< replicas heartbeating lately; 0: not read yet
    quint64 m_aloneAdmissions = 0; ///< leases granted alone since start
    quint64 m_unavailable = 0; ///< acquires refused while Redis could not be reached
    qint64 m_reasserted = 0;   ///< leases registered again after Redis lost them
    quint64 m_resumedHere = 0; ///< tickets resumed here from another replica
    QHash<RequestId, Restored> m_restored; ///< restored and not attached (or given up) yet
    TimeMs m_handleScanAt = 0; ///< refreshHandles() looks again then
    bool m_restoredPending = true; ///< a pass over m_restored is due
    int m_reattaching = 0;         ///< restored requests being attached now
    qint64 m_reattached = 0;       ///< restored requests attached to Redis again
    QHash<RequestId, Held> m_held; ///< see holdWhileUnavailable()
    QHash<QString, qsizetype> m_heldPerPool;
    bool m_usageConfirmed = false; ///< an sl_tick since the link came back showed m_usageId
    QHash<int, HeartbeatRound> m_rounds; ///< heartbeat rounds not wholly answered yet
    int m_nextRound = 0;
    int m_linkEpoch = 0;       ///< counts the link's losses
    int m_heartbeatRounds = 0; ///< whole rounds answered since the link came back
    TimeMs m_lossSeenAt = -1;      ///< when this replica last saw Redis lose its data
    QString m_usageId; ///< see setUsageId(); empty: none yet
    std::function<void(const QString &)> m_saveUsageId;
    std::optional<Replay> m_replay; ///< a replay under way
    QString m_aloneCountedIn; ///< the usage id m_aloneCounted went into
    QHash<QString, RedisUsage> m_aloneCounted; ///< by user: see countedAlone()
    qint64 m_replayedUsers = 0;
    double m_roundTripMs = -1; ///< the last sl_tick's round trip; -1: none yet
    qint64 m_redisNow = 0;     ///< Redis's time at the last sl_tick (ms)
    bool m_ending = false; ///< this class is ending a request: the engine's signal is ours
};

} // namespace sluice
