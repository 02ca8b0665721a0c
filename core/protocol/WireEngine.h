#pragma once

#include "engine/Decision.h"
#include "engine/EngineTypes.h"
#include "protocol/WireReader.h"
#include "util/Error.h"

#include <QJsonObject>

#include <optional>

namespace sluice {

class JsonWriter;

/// JSON codecs of the engine's wire types (see ApiProtocol.h for the naming rules).
/// Encoders never fail. Decoders check every member's type and range and append one error per
/// bad member to `errors`, named by its path under `path`; the value is unusable when they
/// added any. Request bodies (acquire, release) also reject unknown members. Reentrant.

/// An acquire's body: {pool, user, tier?, context_id?, tokens?, wait?, timeout_ms?}.
QJsonObject acquireRequestToJson(const AcquireRequest &request);
AcquireRequest acquireRequestFromJson(const QJsonObject &object, QList<FieldError> *errors);

/// A release's body: {input_tokens?, output_tokens?, model?, refund?}.
QJsonObject usageToJson(const Usage &usage);
Usage usageFromJson(const QJsonObject &object, QList<FieldError> *errors);

/// Granted: {"status": "granted", "lease_id", "requestId", ...}; queued: {"status": "queued",
/// "ticket_id", "requestId", "position", "estimatedWait", "reason", ...}; rejected: an error
/// body {"error": CODE, "message", "retryAfter" (s), "retry_after_ms", "resetTime", ...}.
/// Encoded straight to bytes (JsonWriter): the gateway's most frequent answer.
QByteArray encodeDecision(const Decision &decision);
Decision decisionFromJson(const QJsonObject &object, QList<FieldError> *errors,
                          const QString &path = {});

/// The HTTP status of an outcome: granted 200, queued 202, rejected per reason.
int httpStatusFor(const Decision &decision);
/// The HTTP status of an error reason: limits 429, unknown pool or request 404, a draining
/// pool 503, invalid input 400, an ended request 410.
int httpStatusFor(Reason reason);
/// Retry-After in whole seconds, rounded up; 0 when there is nothing to wait for.
qint64 retryAfterSeconds(qint64 retryAfterMs);

/// A ticket's estimated wait, in every answer that carries one: "estimatedWait" in ms (null
/// while its pool is paused) and "estimate", which says what the number is: "likely" (the
/// likely value: higher tiers arriving later can still go ahead) or "paused".
void writeEstimate(JsonWriter &out, const std::optional<qint64> &waitMs);
void insertEstimate(QJsonObject &object, const std::optional<qint64> &waitMs);
/// Reads them back: nullopt for null.
std::optional<qint64> readEstimate(WireReader &reader, WireReader::Need need);

QJsonObject requestInfoToJson(const RequestInfo &info);
RequestInfo requestInfoFromJson(const QJsonObject &object, QList<FieldError> *errors,
                                const QString &path = {});

/// A request that ended: {"requestId", "state": "completed"} after a release, otherwise
/// {"requestId", "state": "failed", "error": CODE, "message"} (TIMEOUT, CANCELLED,
/// QUEUE_PURGED, LEASE_EXPIRED). `requestId` as the caller named it (with its random part).
/// Encoded straight to bytes, like a decision: the answer to every release.
QByteArray encodeRequestEnd(QStringView requestId, Reason reason);
/// A sentence for how a request ended, e.g. "An operator purged the queue".
QString endMessage(Reason reason);

QJsonObject poolStatusToJson(const PoolStatus &status);
PoolStatus poolStatusFromJson(const QJsonObject &object, QList<FieldError> *errors,
                              const QString &path = {});

QJsonObject userQuotaToJson(const UserQuota &quota);
UserQuota userQuotaFromJson(const QJsonObject &object, QList<FieldError> *errors,
                            const QString &path = {});

/// ISO 8601 in UTC with seconds, e.g. "2025-01-25T00:00:00Z".
QString isoUtc(TimeMs at);

} // namespace sluice
