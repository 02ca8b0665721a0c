#pragma once

#include "config/EngineConfig.h"
#include "engine/Decision.h"
#include "engine/EngineTypes.h"
#include "redis/RedisPool.h"

namespace sluice {

class Engine;

/// Translations between the engine's types and the shared functions' (SharedAdmission).
namespace shared {

/// sl_admit's arguments for `request`: the user's tier (asked for, pinned here, or the
/// default) flattened into its numbers; priority becomes a head start in the queue of
/// priority x aging (strict priority without aging: a head start no wait can make up).
RedisAdmitRequest admitRequest(const Engine &engine, const AcquireRequest &request,
                               const QByteArray &requestId, const QString &replica);
/// INVALID_REQUEST when `request` asks for more tokens than its pool's TPM could ever admit
/// (the engine refuses those too; sl_admit would grant one into an empty window).
std::optional<Decision> tooLarge(const EngineConfig &config, const AcquireRequest &request);
/// The context key sent to Redis: contexts are per user, as in the engine (alice's "s1" is
/// not bob's); empty without a context.
QString contextKey(const AcquireRequest &request);
/// A refusal sl_admit decided, with the engine's wording.
Decision rejection(const RedisAnswer &answer);
/// fail_closed: the shared state cannot be reached, so nothing is admitted.
Decision unavailable(const QString &why);
/// How long after UTC midnight a quota day starts: the day offset sl_admit and sl_reassert take.
qint64 quotaDayOffsetMs(const EngineConfig &config);
/// A fresh idempotency key for one admission (128 random bits, hex).
QByteArray newRequestId();

} // namespace shared
} // namespace sluice
