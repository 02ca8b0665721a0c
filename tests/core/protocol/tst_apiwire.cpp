#include "WireSamples.h"

#include "protocol/ApiResponse.h"
#include "protocol/WireEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

/// The JSON object an encoder wrote; an empty object (failing the checks after) if not JSON.
QJsonObject parsed(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qWarning() << "not a JSON object:" << bytes << error.errorString();
    return document.object();
}

Decision grantedDecision()
{
    Decision d;
    d.outcome = Outcome::Granted;
    d.id = 0x1a2b;
    d.limit = 10;
    d.remaining = 9;
    d.resetAt = 1'767'312'000'000;
    return d;
}

Decision queuedDecision()
{
    Decision d;
    d.outcome = Outcome::Queued;
    d.reason = Reason::PoolConcurrency;
    d.id = 0xff00000001;
    d.position = 523;
    d.estimatedWaitMs = 300'000;
    d.limit = 500;
    d.remaining = 499;
    d.resetAt = 1'767'312'000'000;
    d.message = u"Queued at position 523"_s;
    return d;
}

Decision rejectedDecision(Reason reason, qint64 retryAfterMs)
{
    Decision d;
    d.outcome = Outcome::Rejected;
    d.reason = reason;
    d.retryAfterMs = retryAfterMs;
    d.limit = 10;
    d.remaining = 0;
    d.resetAt = 1'767'312'000'000;
    d.message = u"Daily limit of 10 requests reached"_s;
    return d;
}

} // namespace

class TestApiWire : public QObject
{
    Q_OBJECT

private slots:
    void decisionRoundTrip_data()
    {
        QTest::addColumn<Decision>("decision");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::newRow("granted") << grantedDecision() << 200 << QByteArray();
        QTest::newRow("queued") << queuedDecision() << 202 << QByteArray();
        QTest::newRow("user limit") << rejectedDecision(Reason::UserLimitExceeded, 36'000'001)
                                    << 429 << QByteArray("36001");
        QTest::newRow("rate limited")
            << rejectedDecision(Reason::RateLimited, 1500) << 429 << QByteArray("2");
        QTest::newRow("queue full")
            << rejectedDecision(Reason::QueueFull, 999) << 429 << QByteArray("1");
        QTest::newRow("draining") << rejectedDecision(Reason::PoolDraining, 0) << 503
                                  << QByteArray();
        QTest::newRow("unknown pool")
            << rejectedDecision(Reason::UnknownPool, 0) << 404 << QByteArray();
        QTest::newRow("invalid") << rejectedDecision(Reason::InvalidRequest, 0) << 400
                                 << QByteArray();
    }

    void decisionRoundTrip()
    {
        QFETCH(Decision, decision);
        QFETCH(int, status);
        QFETCH(QByteArray, retryAfter);
        const QJsonObject json = parsed(encodeDecision(decision));
        QList<FieldError> errors;
        const Decision back = decisionFromJson(json, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(describeErrors(errors)));
        QCOMPARE(back.outcome, decision.outcome);
        QCOMPARE(back.reason, decision.reason);
        QCOMPARE(back.id, decision.id);
        QCOMPARE(back.position, decision.position);
        QCOMPARE(back.estimatedWaitMs, decision.estimatedWaitMs);
        QCOMPARE(back.retryAfterMs, decision.retryAfterMs);
        QCOMPARE(back.limit, decision.limit);
        QCOMPARE(back.remaining, decision.remaining);
        QCOMPARE(back.resetAt, decision.resetAt);
        QCOMPARE(back.message, decision.message);

        const ApiResponse response = ApiResponse::fromDecision(decision);
        QCOMPARE(response.status, status);
        QCOMPARE(response.effectiveContentType(), QByteArray("application/json"));
        QCOMPARE(response.serializedBody(), encodeDecision(decision));
        QCOMPARE(response.document().toObject(), json); // read back for in-process callers
        QByteArray header;
        for (const auto &[name, value] : response.headers) {
            if (name == "retry-after")
                header = value;
        }
        QCOMPARE(header, retryAfter);
    }

    /// A paused pool's ticket has no time: null, and "estimate" says why; it reads back so.
    void aPausedEstimateIsNullAndSaysPaused()
    {
        Decision decision = queuedDecision();
        QCOMPARE(parsed(encodeDecision(decision)).value("estimate"_L1).toString(), u"likely"_s);
        decision.estimatedWaitMs.reset();
        const QJsonObject queued = parsed(encodeDecision(decision));
        QVERIFY(queued.value("estimatedWait"_L1).isNull());
        QCOMPARE(queued.value("estimate"_L1).toString(), u"paused"_s);
        QList<FieldError> errors;
        const Decision back = decisionFromJson(queued, &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(back.estimatedWaitMs, std::nullopt);
        RequestInfo info;
        info.id = 0xff01;
        info.pool = u"llm"_s;
        info.user = u"a"_s;
        info.tier = u"free"_s;
        info.enqueuedAt = 1000;
        info.position = 2;
        QJsonObject object = requestInfoToJson(info);
        QVERIFY(object.value("estimatedWait"_L1).isNull());
        QCOMPARE(requestInfoFromJson(object, &errors).estimatedWaitMs, std::nullopt);
        QVERIFY2(errors.isEmpty(), qPrintable(describeErrors(errors)));
    }

    void decisionUsesTheSeedsNames()
    {
        const QJsonObject queued = parsed(encodeDecision(queuedDecision()));
        QCOMPARE(queued.value("requestId"_L1).toString(), u"ff00000001"_s);
        QCOMPARE(queued.value("ticket_id"_L1).toString(), u"ff00000001"_s);
        QCOMPARE(queued.value("position"_L1).toInteger(), 523);
        QCOMPARE(queued.value("estimatedWait"_L1).toInteger(), 300'000);
        const QJsonObject limit =
            parsed(encodeDecision(rejectedDecision(Reason::UserLimitExceeded, 5000)));
        QCOMPARE(limit.value("error"_L1).toString(), u"USER_LIMIT_EXCEEDED"_s);
        QCOMPARE(limit.value("message"_L1).toString(), u"Daily limit of 10 requests reached"_s);
        QCOMPARE(limit.value("resetTime"_L1).toString(), u"2026-01-02T00:00:00Z"_s);
        QCOMPARE(limit.value("retryAfter"_L1).toInteger(), 5);
        QCOMPARE(parsed(encodeDecision(grantedDecision())).value("lease_id"_L1).toString(),
                 u"1a2b"_s);
    }

    void decisionRejectsBadTypes_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::newRow("status") << QByteArray(R"({"status": "maybe"})") << u"status"_s;
        QTest::newRow("id") << QByteArray(R"({"status": "granted", "lease_id": "xyz"})")
                            << u"lease_id"_s;
        QTest::newRow("id type") << QByteArray(R"({"status": "granted", "lease_id": 12})")
                                 << u"lease_id"_s;
        QTest::newRow("position")
            << QByteArray(
                   R"({"status": "queued", "ticket_id": "1", "position": "3", "estimatedWait": 1})")
            << u"position"_s;
        QTest::newRow("wait fraction")
            << QByteArray(
                   R"({"status": "queued", "ticket_id": "1", "position": 3, "estimatedWait": 1.5})")
            << u"estimatedWait"_s;
        QTest::newRow("code") << QByteArray(R"({"error": "NOPE"})") << u"error"_s;
        QTest::newRow("limit") << QByteArray(R"({"error": "QUEUE_FULL", "limit": true})")
                               << u"limit"_s;
    }

    void decisionRejectsBadTypes()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QList<FieldError> errors;
        decisionFromJson(QJsonDocument::fromJson(json).object(), &errors);
        QVERIFY2(fieldsOf(errors).contains(field), qPrintable(describeErrors(errors)));
        for (const FieldError &error : errors)
            QVERIFY2(error.message.contains(error.field), qPrintable(error.message));
    }

    void acquireBodyIsStrict_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QStringList>("fields");
        QTest::newRow("missing") << QByteArray("{}") << QStringList{u"pool"_s, u"user"_s};
        QTest::newRow("types") << QByteArray(
                                      R"({"pool": 1, "user": "u", "wait": "yes", "tokens": -5})")
                               << QStringList{u"pool"_s, u"tokens"_s, u"wait"_s};
        QTest::newRow("unknown") << QByteArray(R"({"pool": "p", "user": "u", "contextId": "c"})")
                                 << QStringList{u"contextId"_s};
        QTest::newRow("timeout") << QByteArray(R"({"pool": "p", "user": "u", "timeout_ms": 1e12})")
                                 << QStringList{u"timeout_ms"_s};
        QTest::newRow("long user")
            << QByteArray(R"({"pool": "p", "user": ")" + QByteArray(300, 'x') + R"("})")
            << QStringList{u"user"_s};
    }

    void acquireBodyIsStrict()
    {
        QFETCH(QByteArray, json);
        QFETCH(QStringList, fields);
        QList<FieldError> errors;
        acquireRequestFromJson(QJsonDocument::fromJson(json).object(), &errors);
        QCOMPARE(fieldsOf(errors), fields);
    }

    void acquireBodyRoundTrip()
    {
        AcquireRequest request;
        request.pool = u"anthropic"_s;
        request.user = u"user-42"_s;
        request.tier = u"pro"_s;
        request.contextId = u"conversation-1"_s;
        request.tokens = 1500;
        request.wait = false;
        request.timeoutMs = 30'000;
        QList<FieldError> errors;
        const AcquireRequest back = acquireRequestFromJson(acquireRequestToJson(request), &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(back.pool, request.pool);
        QCOMPARE(back.user, request.user);
        QCOMPARE(back.tier, request.tier);
        QCOMPARE(back.contextId, request.contextId);
        QCOMPARE(back.tokens, request.tokens);
        QCOMPARE(back.wait, request.wait);
        QCOMPARE(back.timeoutMs, request.timeoutMs);
    }

    void usageBody()
    {
        QList<FieldError> errors;
        Usage usage = usageFromJson(
            parse(R"({"input_tokens": 1500, "output_tokens": 800, "model": "claude-sonnet-4"})"),
            &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(usage.inputTokens, 1500);
        QCOMPARE(usage.outputTokens, 800);
        QCOMPARE(usage.model, u"claude-sonnet-4"_s);
        usage = usageFromJson({}, &errors);
        QCOMPARE(usage.inputTokens, -1); // not reported: the estimate stands
        QCOMPARE(usageToJson(usage), QJsonObject());
        usageFromJson(parse(R"({"input_tokens": "many", "refund": 1})"), &errors);
        QCOMPARE(fieldsOf(errors), (QStringList{u"input_tokens"_s, u"refund"_s}));
    }

    void requestInfoRoundTrip()
    {
        RequestInfo info;
        info.id = 77;
        info.pool = u"anam"_s;
        info.user = u"coach"_s;
        info.tier = u"free"_s;
        info.tokens = 10;
        info.enqueuedAt = 1'767'261'600'000;
        info.position = 2;
        info.estimatedWaitMs = 4000;
        QList<FieldError> errors;
        RequestInfo back = requestInfoFromJson(requestInfoToJson(info), &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(requestInfoToJson(back), requestInfoToJson(info));
        QCOMPARE(back.position, 2);
        QCOMPARE(back.enqueuedAt, info.enqueuedAt);
        QVERIFY(!requestInfoToJson(info).contains("granted_at"_L1));
        // A lease says when it was granted, not when it waited.
        info = RequestInfo{};
        info.id = 78;
        info.active = true;
        info.pool = u"anam"_s;
        info.user = u"coach"_s;
        info.grantedAt = 1'767'261'700'000;
        info.lastSeen = info.grantedAt + 10;
        const QJsonObject lease = requestInfoToJson(info);
        QCOMPARE(lease.value("granted_at"_L1).toInteger(), info.grantedAt);
        QVERIFY(!lease.contains("enqueued_at"_L1));
        back = requestInfoFromJson(lease, &errors);
        QVERIFY(back.active);
        QCOMPARE(back.grantedAt, info.grantedAt);
        QCOMPARE(back.enqueuedAt, 0);
        QCOMPARE(back.lastSeen, info.lastSeen);
    }

    void requestEnd()
    {
        QCOMPARE(parsed(encodeRequestEnd(u"10-ab"_s, Reason::Released)),
                 (QJsonObject{{u"requestId"_s, u"10-ab"_s}, {u"state"_s, u"completed"_s}}));
        const QJsonObject purged = parsed(encodeRequestEnd(u"10"_s, Reason::QueuePurged));
        QCOMPARE(purged.value("state"_L1).toString(), u"failed"_s);
        QCOMPARE(purged.value("error"_L1).toString(), u"QUEUE_PURGED"_s);
        QVERIFY(!purged.value("message"_L1).toString().isEmpty());
    }

    void poolStatusRoundTrip()
    {
        const PoolStatus pool = samplePool(u"anthropic"_s, 3);
        const QJsonObject json = poolStatusToJson(pool);
        QVERIFY(json.value("tokens_per_minute"_L1).isNull());
        QCOMPARE(json.value("mode"_L1).toString(), u"draining"_s);
        QList<FieldError> errors;
        const PoolStatus back = poolStatusFromJson(json, &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(back.tokensPerMinute, -1);
        QCOMPARE(back.mode, PoolMode::Draining);
        QCOMPARE(back.meanLeaseMs, 1250.5);
        QCOMPARE(poolStatusToJson(back), json);
        poolStatusFromJson(
            parse(
                R"({"name": "a", "mode": "asleep", "in_use": -1, "max_concurrent": 5, "waiting": 0})"),
            &errors, u"pools[2]"_s);
        QCOMPARE(fieldsOf(errors), (QStringList{u"pools[2].mode"_s, u"pools[2].in_use"_s}));
    }

    void userQuotaRoundTrip()
    {
        UserQuota quota;
        quota.user = u"alice"_s;
        quota.tier = u"free"_s;
        quota.known = true;
        quota.requestsToday = 10;
        quota.requestLimit = 10;
        quota.costNanoUsdToday = 16'500'000;
        quota.resetAt = 1'767'312'000'000;
        const QJsonObject json = userQuotaToJson(quota);
        QCOMPARE(json.value("remaining"_L1).toInteger(), 0);
        QCOMPARE(json.value("resetTime"_L1).toString(), u"2026-01-02T00:00:00Z"_s);
        QList<FieldError> errors;
        QCOMPARE(userQuotaToJson(userQuotaFromJson(json, &errors)), json);
        QVERIFY(errors.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestApiWire)
#include "tst_apiwire.moc"
