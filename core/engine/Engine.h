#pragma once

#include "config/EngineConfig.h"
#include "engine/Decision.h"
#include "engine/EngineState.h"
#include "engine/EngineTypes.h"
#include "engine/Pool.h"
#include "engine/PoolHost.h"
#include "engine/RequestTable.h"
#include "engine/UsageLedger.h"
#include "engine/UserDirectory.h"
#include "util/Clock.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

namespace sluice {

class EngineJournal;
class PriceTable;
struct Charge;

/// The limiter and queue engine: admission (SPEC section 3, checks 1-5), queues, leases,
/// contexts, pool actions, and today's usage (kept by its UsageLedger). It decides in memory
/// and reports what must be persisted to an optional journal.
///
/// Threading: an Engine and everything it returns belong to the thread that created it;
/// call every method on that thread. Signals are emitted synchronously from the call that
/// caused them. Time comes only from the injected Clock: nothing happens by itself; the
/// owner calls advance() when nextWake() is due (EngineTimer does that with a QTimer).
class Engine : public QObject, private PoolHost
{
    Q_OBJECT

public:
    /// `config` must be valid (see validateConfig).
    Engine(const Clock &clock, const EngineConfig &config, QObject *parent = nullptr);
    ~Engine() override;

    /// Leaves the decision's secret null: the engine derives it only when someone is to see
    /// it (withSecret, access), which keeps admission cheap.
    Decision acquire(const AcquireRequest &request);
    /// `decision` with its request's secret, for the client about to hear of it (the admission
    /// services call it); a rejection is returned as it is.
    Decision withSecret(Decision decision) const;
    /// The refusal an acquire gets before any limit is looked at (an empty user, an unknown
    /// pool or tier, a negative number), or nullopt when it is well formed.
    std::optional<Decision> invalidRequest(const AcquireRequest &request) const;
    /// `charged`, when given, gets what the release cost (nothing for a refund).
    Result<Done> release(RequestId id, const Usage &usage = {}, Charge *charged = nullptr);
    Result<Done> heartbeat(RequestId id);
    /// Withdraws a waiting ticket (CANCELLED).
    Result<Done> cancel(RequestId id);
    std::optional<RequestInfo> request(RequestId id) const;
    /// Who made a live request and its secret; nullopt for an unknown or ended id.
    std::optional<RequestAccess> access(RequestId id) const;
    /// Records the key that made a live request (the reverse proxy learns it after acquire);
    /// false for an unknown id.
    bool setOwner(RequestId id, const QString &owner);
    /// The 1-based queue position of a waiting ticket; 0 for a lease; nullopt if unknown.
    std::optional<qint64> position(RequestId id) const;

    // Shared admission (Redis, SCALEOUT.md; EngineShared.cpp). In shared mode this engine
    // decides nothing by itself: it records what the shared admission decided, so that status,
    // ownership, heartbeats, expiry, the journal and the dashboard work as for local decisions.
    /// Every pool, present and future, stops granting from its queue by itself.
    void setShared(bool shared);
    /// Records an admission decided elsewhere: `outcome` Granted makes a lease, Queued a
    /// ticket that waits for grantHeld(). The request is validated (user, pool, tier) as by
    /// acquire(), but no limit or quota is checked here.
    Decision record(const AcquireRequest &request, Outcome outcome);
    /// A ticket another replica admitted, resumed here because its client came here with its
    /// id: `local` (just recorded) takes the secret the client holds, and the id the client
    /// knows, `external`, names it too until it ends (resumed(), clientId()).
    bool resumeAs(RequestId local, const PublicRequestId &external, const RequestSecret &secret);
    /// The local request that resumed the request its client names `named`; 0 when none.
    RequestId resumed(const PublicRequestId &named) const;
    /// The compact id the client of `local` knows: its external id when it was resumed here.
    RequestId clientId(RequestId local) const { return m_resumedFrom.value(local, local); }
    /// Decides here while Redis cannot be reached (a local_share pool): as acquire() with
    /// `wait` false, each pool limit divided among `replicas` live replicas (rounded up),
    /// without waiting behind the shared queue's tickets. The daily quota is this replica's
    /// usage against the tier's whole limit.
    Decision acquireAlone(const AcquireRequest &request, int replicas);
    /// The deployment's counts of a pool (all replicas'), as the shared admission last read
    /// them: pools() and poolStatus() report these instead of this replica's own, so that the
    /// dashboard, the charts, the alerts and /metrics show the whole deployment.
    void setSharedCounts(const QString &pool, const SharedCounts &counts)
    {
        m_sharedCounts.insert(pool, counts);
    }
    /// Counts and announces (requestRejected) a refusal the shared admission decided.
    void noteRejected(const AcquireRequest &request, const Decision &decision);
    /// Grants a waiting ticket the shared admission granted; fails for an unknown id or a lease.
    Result<Done> grantHeld(RequestId id);
    /// Ends a ticket or lease the shared admission ended (e.g. TIMEOUT, QUEUE_PURGED,
    /// LEASE_EXPIRED); false for an unknown id.
    bool endShared(RequestId id, Reason reason);

    Result<Done> pause(const QString &pool);
    /// Back to running; also lifts an upstream throttle (see throttle()).
    Result<Done> resume(const QString &pool);
    Result<Done> drain(const QString &pool);
    /// Fails every waiting ticket of the pool with QUEUE_PURGED; *count says how many.
    Result<Done> purge(const QString &pool, qint64 *count = nullptr);
    /// Stops granting in the pool for `forMs` (an upstream answered 429 with Retry-After).
    Result<Done> throttle(const QString &pool, qint64 forMs);

    QList<PoolStatus> pools() const;
    std::optional<PoolStatus> poolStatus(const QString &pool) const;
    /// Waiting tickets of a pool in queue order, positions offset+1 .. offset+limit.
    QList<RequestInfo> queue(const QString &pool, qint64 offset, qint64 limit) const;
    const PoolStats *poolStats(const QString &pool) const;

    UserQuota userQuota(const QString &user) const;
    /// Users the engine remembers now (idle ones are forgotten by the sweep).
    qsizetype knownUsers() const { return m_users.live(); }
    /// A page of the users the engine remembers now, for support's lookup: those whose id
    /// starts with query.prefix (ignoring case), the most recently seen or the most requests
    /// today first, ties by id. Costs one pass over the known users (EngineUserList.cpp).
    UserList users(const UserListQuery &query) const;
    /// Calls f(user, dailyRequestLimit) for every user with usage today; once
    /// watchUsersAbove() is set, only for those who reached that share of their daily quota
    /// today (kept in an index as usage is added, so the call costs those users, not all).
    void forEachUserToday(
        const std::function<void(const QString &, const UserRecord &, qint64)> &f) const;
    /// Keeps the index of users at or above `fraction` (0-1) of their daily requests today;
    /// a negative fraction turns the index off. Rebuilt from every user at once.
    void watchUsersAbove(double fraction);
    /// Pins a user's tier (empty tier: unpin). Takes effect at once for new admissions.
    Result<Done> setUserTier(const QString &user, const QString &tier);
    /// Today's usage per tier (by tier name) and per pool and tier.
    QHash<QString, UsageCounters> tierUsageToday() const;
    UsageCounters poolTierUsageToday(const QString &pool, const QString &tier) const;

    const EngineConfig &config() const { return m_config; }
    /// Applies a valid configuration, keeping leases, queues and windows. Fails, changing
    /// nothing, if it removes a pool that still has requests (canReconfigure says so first).
    Result<Done> reconfigure(const EngineConfig &config);
    Result<Done> canReconfigure(const EngineConfig &config) const;
    void setPriceTable(const PriceTable *prices) { m_prices = prices; }
    void setJournal(EngineJournal *journal) { m_journal = journal; }

    /// Does what is due now: timeouts, lease expiry, grants the window now admits.
    /// Returns nextWake().
    TimeMs advance();
    /// When advance() should next be called; 0 if nothing is due.
    TimeMs nextWake() const { return m_nextWake; }
    TimeMs now() const { return m_clock.now(); }
    qint32 today() const { return m_ledger.today(); }
    TimeMs nextReset() const { return m_ledger.nextReset(); }

    // For persistence and for moving the engine: its whole state as values.
    /// Everything the engine needs to come back exactly as it is now (see EngineState).
    EngineState exportState() const;
    /// Takes a state into a fresh engine (no request and no user yet), as a restart or another
    /// replica does. An inconsistent state (an unknown pool or tier, a duplicate id, ...) is
    /// refused with a message naming what is wrong, and the engine stays unchanged.
    Result<Done> importState(const EngineState &state);
    /// Live requests, and one of them as a row (what the journal writes).
    const RequestTable &requests() const { return m_table; }
    RequestRow requestRow(quint32 slot) const;
    QString poolName(int index) const { return m_pools[size_t(index)]->config().name; }
    QString tierName(int index) const { return m_tiers[size_t(index)].config.name; }
    const UserRecord &user(quint32 index) const { return m_users[index]; }
    const QString &userId(quint32 index) const { return m_users.id(index); }
    size_t memoryBytes() const;

signals:
    void requestQueued(sluice::RequestId id, int pool);
    void requestGranted(sluice::RequestId id, int pool, bool fromQueue);
    void requestEnded(sluice::RequestId id, int pool, sluice::Reason reason);
    /// An acquire was refused, whoever asked (the API, the reverse proxy, demo traffic); the
    /// RequestTracker keeps the recent ones for support.
    void requestRejected(const QString &user, const QString &pool,
                         const sluice::Decision &decision, sluice::TimeMs at);
    void queueChanged(int pool);
    void poolChanged(int pool);
    /// An operator's action on a pool: "pause", "resume", "drain" or "purge" (the shared
    /// admission makes every replica follow it).
    void poolActed(int pool, const QString &action);
    /// advance() should be called at `at`, earlier than previously announced.
    void wakeRequested(sluice::TimeMs at);

private:
    struct Tier
    {
        TierConfig config;
        qint64 costLimitNanoUsd = -1;
        int userLimit = 0;
    };

    // PoolHost
    int userConcurrencyLimit(quint32 user) const override;
    Reason recheckQuota(quint32 slot, TimeMs now) override;
    void granted(quint32 slot, bool fromQueue, TimeMs now) override;
    void ended(quint32 slot, Reason reason, TimeMs now) override;
    void poolQueueChanged(int pool) override;
    void wakeAt(TimeMs at) override;
    void windowAdded(int pool, TimeMs at, qint64 requests, qint64 tokens) override;

    void setTiers(const QList<TierConfig> &tiers);
    void rollDay(); // by the wall clock, and only forward
    /// The refusal of a request over its user's daily quota; nullopt when it fits.
    std::optional<Decision> quotaRefusal(const UserRecord &user, const Tier &tier,
                                         qint64 tokens) const;
    void completeDecision(Decision &decision, quint32 user, TimeMs now) const;
    Pool *findPool(const QString &name) const;
    int tierIndex(const QString &name) const { return m_tierIndex.value(name, -1); }
    RequestInfo infoOf(quint32 slot, TimeMs now) const;
    void journalRequest(quint32 slot);
    /// The user's tier changed: their waiting tickets move to its place in every queue.
    void userTierChanged(quint32 user, TimeMs now);
    /// Keeps a user through the idle-user sweep: usage today or a request in any pool.
    bool userInUse(quint32 index, const UserRecord &user) const;
    /// Where a well-formed acquire goes: its pool's index and the tier it asks for (-1: none).
    struct Target
    {
        int pool = -1;
        int tier = -1;
    };
    /// `request`'s Target, or the refusal it gets before any limit is looked at.
    std::variant<Target, Decision> resolve(const AcquireRequest &request) const;
    /// `decidedElsewhere`: see record(); `shareOf`: see acquireAlone().
    Decision decide(const AcquireRequest &request, TimeMs now,
                    std::optional<Outcome> decidedElsewhere = std::nullopt, int shareOf = 0);
    /// Why `state` cannot be imported, or ok (EngineStateCheck.cpp).
    Result<Done> checkState(const EngineState &state) const;
    void addUsage(quint32 slot, qint64 requests, qint64 inputTokens, qint64 outputTokens,
                  const Charge &charge);

    const Clock &m_clock;
    EngineConfig m_config;
    RequestTable m_table;
    UserDirectory m_users;
    UsageLedger m_ledger; // after m_users, whose records it counts in
    std::vector<std::unique_ptr<Pool>> m_pools;
    QHash<QString, int> m_poolIndex;
    std::vector<Tier> m_tiers;
    QHash<QString, int> m_tierIndex;
    quint8 m_defaultTier = 0;
    TimeMs m_nextWake = 0;
    bool m_shared = false;
    QHash<QString, SharedCounts> m_sharedCounts;
    QHash<QByteArray, RequestId> m_resumed;    ///< clientIdKey of the external id -> local
    QHash<RequestId, RequestId> m_resumedFrom; ///< local -> external
    const PriceTable *m_prices = nullptr;
    EngineJournal *m_journal = nullptr;
};

} // namespace sluice
