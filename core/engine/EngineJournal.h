#pragma once

#include "engine/RequestId.h"
#include "util/Clock.h"

#include <QtGlobal>

namespace sluice {

/// Where the engine reports what must survive a restart. Called synchronously on the
/// engine's thread, in its hot path: implementations only take note and write later.
class EngineJournal
{
public:
    virtual ~EngineJournal() = default;
    /// A request was queued, granted, heartbeated or ended: its row must be rewritten or removed.
    virtual void requestChanged(RequestId id) = 0;
    /// Usage was added to (day, pool, user, tier). Token counts may be negative (corrections).
    virtual void usageAdded(qint32 day, int pool, quint32 user, int tier, qint64 requests,
                            qint64 inputTokens, qint64 outputTokens, qint64 costNanoUsd,
                            qint64 credits) = 0;
    /// The pool's sliding window took `requests` admissions and `tokens` tokens at `at`
    /// (tokens may be negative: a corrected estimate), so that it can be restored.
    virtual void windowAdded(int pool, TimeMs at, qint64 requests, qint64 tokens) = 0;
};

} // namespace sluice
