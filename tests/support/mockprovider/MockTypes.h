#pragma once

#include "HttpWire.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace sluice::test {

/// How the mock provider behaves. Limits of 0 mean unlimited.
struct MockConfig
{
    int maxConcurrent = 3;          ///< requests served at once; more get 429
    int requestsPerMinute = 4000;   ///< sliding 60 s window; more get 429
    int latencyMs = 200;            ///< from request to the last byte of the answer
    int concurrencyRetryAfterS = 1; ///< `retry-after` on a 429 for concurrency
    QByteArray apiKey = "mock-upstream-key";  ///< the only key accepted
    QString replyText = QStringLiteral("Hello from the mock provider, one word per token.");
};

/// A scripted misbehaviour, applied to the next API request (first in, first out).
struct MockFault
{
    enum class Kind {
        Status,            ///< answer `status` at once, with the given retry hints
        DelayFirstByte,    ///< answer normally, but only after `delayMs` more
        ResetAfterEvents,  ///< stream `events` SSE events, then reset the connection
        PauseAfterEvents,  ///< stream `events` SSE events, then wait for resumePausedStreams()
        Stall,             ///< take the request and never answer
        BadChunkFraming,   ///< a chunked answer whose first chunk-size line is not hex
        UsageValue,        ///< answer normally with `usageValue` (raw JSON) as input_tokens
        LargeBody,         ///< `bytes` of application/octet-stream, written as the peer reads
    };
    Kind kind = Kind::Status;
    int status = 500;
    QByteArray retryAfter;    ///< `retry-after` value; empty: none
    QByteArray retryAfterMs;  ///< `retry-after-ms` value; empty: none
    int delayMs = 0;
    int events = 0;
    QByteArray usageValue;  ///< UsageValue: e.g. "9007199254740991", "-3", "1.5", "\"12\""
    qint64 bytes = 0;       ///< LargeBody: body size; byte i is char('a' + i % 26)

    static MockFault answer(int status, QByteArray retryAfter = {}, QByteArray retryAfterMs = {})
    {
        MockFault f;
        f.status = status;
        f.retryAfter = std::move(retryAfter);
        f.retryAfterMs = std::move(retryAfterMs);
        return f;
    }
    static MockFault usage(QByteArray rawJson)
    {
        MockFault f;
        f.kind = Kind::UsageValue;
        f.usageValue = std::move(rawJson);
        return f;
    }
    static MockFault largeBody(qint64 bytes)
    {
        MockFault f;
        f.kind = Kind::LargeBody;
        f.bytes = bytes;
        return f;
    }
    static MockFault of(Kind kind, int amount = 0)
    {
        MockFault f;
        f.kind = kind;
        f.delayMs = amount;
        f.events = amount;
        return f;
    }
};

/// What the mock provider has seen and done since start or resetStats().
struct MockStats
{
    qint64 requests = 0;      ///< requests to the API routes, including refused ones
    qint64 served = 0;        ///< requests that got a slot
    qint64 completed = 0;     ///< answers sent to the end
    qint64 rateLimited = 0;   ///< 429 answers
    qint64 overloaded = 0;    ///< 529 answers
    qint64 unauthorized = 0;  ///< 401 answers
    qint64 resets = 0;        ///< connections reset mid-answer
    qint64 clientAborts = 0;  ///< clients that went away before the answer was complete
    int active = 0;           ///< slots in use now
    int maxActive = 0;        ///< most slots ever in use at once
    qint64 busySlotMs = 0;    ///< slot time of finished requests, in milliseconds

    QJsonObject toJson() const;
    static MockStats fromJson(const QJsonObject &json);
};

/// One request as the mock received it.
struct MockRequestRecord
{
    QByteArray method;
    QByteArray path;
    QByteArray query;
    HeaderPairs headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const;
};

} // namespace sluice::test
