#pragma once

// Internal to core/api: helpers shared by the route handlers.

#include "api/ApiContext.h"
#include "api/ApiReply.h"
#include "engine/EngineTypes.h"
#include "protocol/ApiRequest.h"
#include "store/StoreReader.h"

#include <QJsonObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace sluice::routes {

/// The body as a JSON object; answers 400 INVALID_JSON (naming the offset) and returns
/// nullopt when it is not one. An empty body reads as {} when `emptyIsObject`.
std::optional<QJsonObject> jsonBody(const ApiRequest &request, ApiReply &reply,
                                    bool emptyIsObject = false);
/// Answers 400 VALIDATION_FAILED with the field errors; false when there were none.
bool rejectInvalid(const QList<FieldError> &errors, ApiReply &reply);
/// A failed operation's error response: the reason's code and HTTP status.
ApiResponse opError(const Error &error);
/// The status of a refused configuration change: 400 for invalid fields
/// (VALIDATION_FAILED), 409 for a change the engine or the history refuses.
int configRefusalStatus(const Error &error);
/// An integer query item in [min, max]; `fallback` when absent. Appends an error naming the
/// item when malformed.
qint64 queryInteger(const ApiRequest &request, const QString &name, qint64 fallback, qint64 min,
                    qint64 max, QList<FieldError> *errors);
/// Answers once everything the engine decided so far is durable.
void respondWhenDurable(ApiContext &context, ApiReply &reply, const ApiResponse &response);
/// What to do with an admission's answer to a release or cancel: `response` once durable when
/// it succeeded, its error otherwise; nothing if the reply is gone meanwhile.
std::function<void(const Result<Done> &)> answerWhenDone(ApiContext &context, ApiReply &reply,
                                                         ApiResponse response);

/// Runs `query` on the store reader's thread (no SQLite on the engine's) and answers with
/// `respond(value)` back on this one, or 500 STORE_FAILED naming what could not be read;
/// nothing if the reply is gone meanwhile.
template<typename T>
void answerFromStore(ApiContext &context, ApiReply &reply,
                     std::function<Result<T>(const Store &)> query,
                     std::function<ApiResponse(const T &)> respond)
{
    context.runtime.reader().read<Result<T>>(
        std::move(query), [target = QPointer<ApiReply>(&reply),
                           respond = std::move(respond)](const Result<T> &result) {
            if (!target)
                return;
            target->respond(result ? respond(*result) : ApiResponse::error(500, result.error()));
        });
}

/// answerFromStore() once everything the engine decided so far is committed, so that the
/// answer includes this very turn's decisions (a rejection, today's usage).
template<typename T>
void answerFromStoreWhenDurable(ApiContext &context, ApiReply &reply,
                                std::function<Result<T>(const Store &)> query,
                                std::function<ApiResponse(const T &)> respond)
{
    context.runtime.whenDurable([&context, target = QPointer<ApiReply>(&reply),
                                 query = std::move(query), respond = std::move(respond)] {
        if (ApiReply *open = target.data())
            answerFromStore<T>(context, *open, query, respond);
    });
}

} // namespace sluice::routes
