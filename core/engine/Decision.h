#pragma once

#include "engine/Reason.h"
#include "engine/RequestId.h"
#include "util/Clock.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace sluice {

enum class Outcome : quint8 { Granted, Queued, Rejected };

/// The outcome's name in JSON ("status"), logs and metrics: "granted", "queued", "rejected".
QString outcomeName(Outcome outcome);
std::optional<Outcome> outcomeFromName(QStringView name);

/// The answer to one acquire: one value that feeds HTTP headers, the dashboard and the log.
struct Decision
{
    Outcome outcome = Outcome::Rejected;
    /// Granted: None. Queued: the first check that held it back. Rejected: the error.
    Reason reason = Reason::None;
    /// The lease id when granted, the ticket id when queued, 0 when rejected. A ticket keeps
    /// its id when it becomes a lease.
    RequestId id = 0;
    /// Granted or queued, once Engine::withSecret has filled it in: the request's secret; the
    /// id a client sees is formatRequestId(id, secret), and secret.token() lets a WebSocket
    /// follow it.
    RequestSecret secret;
    /// The limit that decided (for Granted: the user's daily request quota) and what is
    /// left of it after this decision; -1 where the limit is unlimited.
    qint64 limit = -1;
    qint64 remaining = -1;
    qint64 retryAfterMs = 0;     ///< Rejected for a limit: when trying again may succeed
    qint64 position = 0;         ///< Queued: 1-based place in the pool's queue
    /// Queued: the likely time until granted (Pool::estimatedWaitMs); none while the pool is
    /// paused.
    std::optional<qint64> estimatedWaitMs;
    TimeMs resetAt = 0;          ///< when the user's daily quota resets
    QString message;             ///< a sentence for people, e.g. "Daily limit of 10 requests reached"

    bool granted() const { return outcome == Outcome::Granted; }
    bool queued() const { return outcome == Outcome::Queued; }
    bool rejected() const { return outcome == Outcome::Rejected; }
};

} // namespace sluice
