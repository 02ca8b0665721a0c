// SharedAdmission: operators' pool actions shared by every replica (sl_op and `op` events).

#include "engine/Engine.h"
#include "redis/RedisEventReader.h"
#include "redis/RedisLogging.h"
#include "shared/SharedAdmission.h"
#include "shared/SharedLink.h"

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr int kMaxPurgeCalls = 1000; // sl_op purges at most 64 tickets a call
} // namespace

void SharedAdmission::onPoolActed(int index, const QString &action)
{
    if (!m_ending) // an operator acted here, not this class on another replica's event
        sendOperation(m_engine.poolName(index), action);
}

void SharedAdmission::sendOperation(const QString &pool, const QString &op)
{
    RedisPool *shared = m_link.pool(pool);
    if (!shared || !m_link.isReady()) {
        qCWarning(lcRedis).noquote()
            << "pool" << pool << op << "applies to this replica only: Redis cannot be reached";
        return;
    }
    // The actor is this replica, so that it can tell its own actions from others' events.
    const QString replica = m_link.options().replica;
    // The next call's callback holds the only strong reference: the function itself holds a
    // weak one, or it would hold itself and never be freed.
    auto again = std::make_shared<std::function<void(const RedisAnswer &, int)>>();
    *again = [this, self = QPointer<SharedAdmission>(this), shared, pool, op, replica,
              weak = std::weak_ptr(again)](const RedisAnswer &answer, int calls) {
        if (!self)
            return;
        if (!answer.ok()) {
            qCWarning(lcRedis).noquote() << "pool" << pool << op << "did not reach Redis:"
                                         << answer.error;
            return;
        }
        grantedInRedis(pool, answer.list("granted"_L1), false);
        const auto next = weak.lock(); // alive: the callback calling this holds it
        if (next && op == u"purge"_s && answer.json.value("remaining"_L1).toInteger() > 0 &&
            calls < kMaxPurgeCalls)
            shared->operate(op, replica, [next, calls](const RedisAnswer &answer2) {
                (*next)(answer2, calls + 1);
            });
    };
    shared->operate(op, replica, [again](const RedisAnswer &answer) { (*again)(answer, 1); });
}

void SharedAdmission::applyOperation(const RedisEvent &event)
{
    // An `op` event: id is the action, owner the replica that made it. A purge needs nothing
    // here: Redis sends a `drop` event for each ticket it purged.
    if (event.owner == m_link.options().replica)
        return;
    const QString &op = event.id;
    m_ending = true; // what this does is Redis's already: send nothing back
    if (op == u"pause"_s)
        m_engine.pause(event.pool);
    else if (op == u"resume"_s)
        m_engine.resume(event.pool);
    else if (op == u"drain"_s)
        m_engine.drain(event.pool);
    m_ending = false;
}

} // namespace sluice
