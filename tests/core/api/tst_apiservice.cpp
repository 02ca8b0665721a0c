#include "RuntimeFixture.h"
#include "ServiceCall.h"
#include "StoreDamage.h"

#include "api/ApiService.h"
#include "api/CallbackReply.h"
#include "engine/Engine.h"
#include "protocol/WireDashboard.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

using Call = ServiceCall;

std::unique_ptr<Call> send(ApiService &service, HttpMethod method, const QString &path,
                           const QByteArray &body = {}, const QByteArray &key = {},
                           Role localRole = Role::Admin)
{
    auto call = ServiceCall::make();
    ApiRequest request = makeRequest(method, path, body, key, u"127.0.0.1"_s);
    if (key.isEmpty())
        service.handleLocal(request, *call->reply, localRole);
    else
        service.handle(request, *call->reply);
    return call;
}

QByteArray acquireBody(const QString &user, const QString &tier = {})
{
    QJsonObject body{{u"pool"_s, u"llm"_s}, {u"user"_s, user}};
    if (!tier.isEmpty())
        body.insert(u"tier"_s, tier);
    return QJsonDocument(body).toJson();
}

} // namespace

class TestApiService : public QObject
{
    Q_OBJECT

private slots:
    void clientFlowAnswersWhenDurable()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        auto first =
            send(service, HttpMethod::Post, u"/v1/acquire"_s, acquireBody(u"alice"_s, u"pro"_s));
        QVERIFY(!first->answered); // acknowledged = durable: not before the commit
        QTRY_VERIFY_WITH_TIMEOUT(first->answered, 5000);
        QCOMPARE(first->status, 200);
        QCOMPARE(first->text("status"_L1), u"granted"_s);
        const QString lease = first->text("lease_id"_L1);
        QCOMPARE(first->header("x-ratelimit-limit"), QByteArray("100"));
        QCOMPARE(first->header("x-ratelimit-remaining"), QByteArray("99"));
        QVERIFY(fixture.runtime->store().loadRequests().value().size() == 1);

        auto second = send(service, HttpMethod::Post, u"/v1/acquire"_s, acquireBody(u"bob"_s));
        auto third = send(service, HttpMethod::Post, u"/v1/acquire"_s, acquireBody(u"carol"_s));
        QTRY_VERIFY_WITH_TIMEOUT(third->answered, 5000);
        QCOMPARE(second->status, 200);
        QCOMPARE(third->status, 202);
        QCOMPARE(third->text("status"_L1), u"queued"_s);
        QCOMPARE(third->number("position"_L1), 1);
        QVERIFY(third->body.contains("estimatedWait"_L1));
        const QString ticket = third->text("requestId"_L1);

        auto status = send(service, HttpMethod::Get, u"/v1/requests/"_s + ticket);
        QCOMPARE(status->text("state"_L1), u"waiting"_s);
        QCOMPARE(status->number("position"_L1), 1);

        auto release = send(service, HttpMethod::Post, u"/v1/requests/"_s + lease + u"/release"_s,
                            QByteArray(R"({"input_tokens": 100, "output_tokens": 20})"));
        QTRY_VERIFY_WITH_TIMEOUT(release->answered, 5000);
        QCOMPARE(release->status, 200);
        QCOMPARE(release->text("state"_L1), u"completed"_s);
        status = send(service, HttpMethod::Get, u"/v1/requests/"_s + ticket);
        QCOMPARE(status->text("state"_L1), u"active"_s); // the ticket got the slot
        status = send(service, HttpMethod::Get, u"/v1/requests/"_s + lease);
        QCOMPARE(status->text("state"_L1), u"completed"_s); // remembered after the engine forgot it

        auto end = send(service, HttpMethod::Delete, u"/v1/requests/"_s + ticket);
        QTRY_VERIFY_WITH_TIMEOUT(end->answered, 5000);
        QCOMPARE(end->text("state"_L1), u"completed"_s);
        QCOMPARE(fixture.engine().poolStatus(u"llm"_s)->inUse, 1);
    }

    void limitErrorsCarryRetryAfter()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        for (int i = 0; i < 10; ++i) {
            auto granted =
                send(service, HttpMethod::Post, u"/v1/acquire"_s, acquireBody(u"dave"_s));
            QTRY_VERIFY_WITH_TIMEOUT(granted->answered, 5000);
            auto done = send(service, HttpMethod::Delete,
                             u"/v1/requests/"_s + granted->text("requestId"_L1));
            QTRY_VERIFY_WITH_TIMEOUT(done->answered, 5000);
        }
        auto over = send(service, HttpMethod::Post, u"/v1/acquire"_s, acquireBody(u"dave"_s));
        QVERIFY(over->answered); // rejections change nothing durable: answered at once
        QCOMPARE(over->status, 429);
        QCOMPARE(over->text("error"_L1), u"USER_LIMIT_EXCEEDED"_s);
        QCOMPARE(over->text("message"_L1), u"Daily limit of 10 requests reached"_s);
        QCOMPARE(over->text("resetTime"_L1), u"2026-01-02T00:00:00Z"_s);
        QCOMPARE(over->header("retry-after"), QByteArray::number(14 * 3600));
        auto details = send(service, HttpMethod::Get, u"/v1/users/dave"_s);
        QTRY_VERIFY(details->answered); // the usage history is read on the store reader's thread
        QCOMPARE(details->body.value("quota"_L1).toObject().value("requests_today"_L1).toInteger(),
                 10);
        const QJsonArray rejections = details->body.value("recent_rejections"_L1).toArray();
        QCOMPARE(rejections.size(), 1);
        QCOMPARE(rejections.first().toObject().value("reason"_L1).toString(),
                 u"USER_LIMIT_EXCEEDED"_s);
    }

    void clientKeysActOnTheirOwnRequests()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime, {nullptr, {0, 0, 1, 10}, {}});
        QString error;
        const QByteArray a = service.keys().create(u"app-a"_s, Role::Client)->key.toLatin1();
        const QByteArray b = service.keys().create(u"app-b"_s, Role::Client)->key.toLatin1();
        const QByteArray ops = service.keys().create(u"ops"_s, Role::Operator)->key.toLatin1();
        auto granted = send(service, HttpMethod::Post, u"/v1/acquire"_s, acquireBody(u"erin"_s), a);
        QTRY_VERIFY_WITH_TIMEOUT(granted->answered, 5000);
        const QString path = u"/v1/requests/"_s + granted->text("requestId"_L1);
        QCOMPARE(send(service, HttpMethod::Get, path, {}, b)->status, 404); // as if unknown
        QCOMPARE(send(service, HttpMethod::Post, path + u"/heartbeat"_s, {}, b)->status, 404);
        QCOMPARE(send(service, HttpMethod::Get, path, {}, a)->status, 200);
        QCOMPARE(send(service, HttpMethod::Post, path + u"/heartbeat"_s, {}, ops)->status, 200);
        auto byOperator = send(service, HttpMethod::Delete, path, {}, ops);
        QTRY_VERIFY_WITH_TIMEOUT(byOperator->answered, 5000);
        QCOMPARE(byOperator->status, 200);
        QCOMPARE(send(service, HttpMethod::Get, u"/v1/whoami"_s, {}, b)->text("name"_L1),
                 u"app-b"_s);
        QCOMPARE(send(service, HttpMethod::Get, u"/v1/whoami"_s, {}, "sk_nope")->status, 401);
    }

    void anOperatorEndingRequestsFromTheDashboardIsAudited()
    {
        // Reported: the dashboard's Cancel left no audit entry. In process, the dashboard has
        // no key and the demo traffic's tickets have no owner, so "not the caller's own" never
        // held and the operator's cancel went through as a client's own.
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        std::vector<std::unique_ptr<Call>> calls;
        for (const QString &user : {u"ann"_s, u"bob"_s, u"cid"_s}) // llm has 2 slots
            calls.push_back(send(service, HttpMethod::Post, u"/v1/acquire"_s, acquireBody(user)));
        QTRY_VERIFY_WITH_TIMEOUT(calls.at(0)->answered && calls.at(1)->answered, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(calls.at(2)->answered, 5000);
        QCOMPARE(calls.at(2)->status, 202);
        const QString lease = calls.at(0)->text("requestId"_L1);
        const QString ticket = calls.at(2)->text("requestId"_L1);

        auto cancel =
            send(service, HttpMethod::Delete, u"/v1/requests/"_s + ticket, {}, {}, Role::Operator);
        QTRY_VERIFY_WITH_TIMEOUT(cancel->answered, 5000);
        QCOMPARE(cancel->status, 200);
        auto end =
            send(service, HttpMethod::Delete, u"/v1/requests/"_s + lease, {}, {}, Role::Operator);
        QTRY_VERIFY_WITH_TIMEOUT(end->answered, 5000);
        QCOMPARE(end->status, 200);

        const QList<AuditEntry> audit = fixture.runtime->store().audit(AuditQuery{}).value();
        QStringList actions;
        for (const AuditEntry &entry : audit)
            actions << entry.action + u' ' + entry.target;
        QVERIFY2(actions.contains(u"ticket.cancel llm/"_s + ticket.section(u'-', 0, 0)),
                 qPrintable(actions.join(u", "_s)));
        QVERIFY2(actions.contains(u"lease.end llm/"_s + lease.section(u'-', 0, 0)),
                 qPrintable(actions.join(u", "_s)));
    }

    void aFailedReadIsAnErrorNotAnEmptyAnswer()
    {
        // Reported: a store read that failed answered as if nothing were stored (an empty
        // audit log, 200), so support could not tell a broken disk from a quiet day.
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        QCOMPARE(dropStoreTable(fixture.runtime->databasePath(), u"audit"_s), QString());
        auto call = send(service, HttpMethod::Get, u"/v1/audit"_s);
        QTRY_VERIFY_WITH_TIMEOUT(call->answered, 5000);
        QCOMPARE(call->status, 500);
        QCOMPARE(call->text("error"_L1), errors::kStoreFailed);
        const QString message = call->text("message"_L1);
        QVERIFY2(message.contains(u"cannot read the audit log from the store"_s),
                 qPrintable(message));
        QVERIFY2(message.contains(u"no such table"_s), qPrintable(message));
    }

    void abandonedGrantIsGivenBack()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        auto call = send(service, HttpMethod::Post, u"/v1/acquire"_s, acquireBody(u"frank"_s));
        QCOMPARE(fixture.engine().poolStatus(u"llm"_s)->inUse, 1);
        call->reply->abandon(); // the client hung up before the commit
        QTRY_COMPARE_WITH_TIMEOUT(fixture.engine().poolStatus(u"llm"_s)->inUse, 0, 5000);
        QVERIFY(!call->answered);
        QCOMPARE(fixture.engine().userQuota(u"frank"_s).requestsToday, 0); // refunded
    }

    void badBodiesAreNamed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("mention");
        QTest::newRow("empty") << QByteArray() << u"INVALID_JSON"_s << u"JSON object"_s;
        QTest::newRow("syntax") << QByteArray("{\"pool\": ") << u"INVALID_JSON"_s << u"offset"_s;
        QTest::newRow("array") << QByteArray("[1]") << u"INVALID_JSON"_s << u"array"_s;
        QTest::newRow("type") << QByteArray(R"({"pool": "llm", "user": 7})")
                              << u"VALIDATION_FAILED"_s << u"user must be a string"_s;
        QTest::newRow("unknown") << QByteArray(R"({"pool": "llm", "user": "u", "prio": 1})")
                                 << u"VALIDATION_FAILED"_s << u"unknown field 'prio'"_s;
    }

    void badBodiesAreNamed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QFETCH(QString, mention);
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        auto call = send(service, HttpMethod::Post, u"/v1/acquire"_s, body);
        QCOMPARE(call->status, 400);
        QCOMPARE(call->text("error"_L1), error);
        QVERIFY2(call->text("message"_L1).contains(mention), qPrintable(call->text("message"_L1)));
    }

    void dashboardStreamPublishesNumberedDeltas()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        Scheduler timers(fixture.clock, false); // the stream's pacing, on the test's clock
        ApiService::Options options{nullptr, {}, {20, 60'000}};
        options.timers = &timers;
        ApiService service(*fixture.runtime, options);
        DashboardPublisher &publisher = service.dashboard();
        publisher.addSubscriber();
        QList<FieldError> errors;
        DashboardSnapshot view = dashboardSnapshotFromJson(publisher.snapshotMessage(), &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(view.pools.first().inUse, 0);
        QSignalSpy published(&publisher, &DashboardPublisher::published);
        for (int i = 0; i < 5; ++i)
            fixture.engine().acquire({u"llm"_s, u"u"_s + QString::number(i), {}, {}, 0, true, 0});
        fixture.clock.advance(19);
        timers.advance();
        QCOMPARE(published.size(), 0); // not before minIntervalMs
        fixture.clock.advance(1);
        timers.advance();
        QCOMPARE(published.size(), 1); // five changes, one coalesced message
        const QJsonObject delta = published.first().first().toJsonObject();
        QCOMPARE(applyDashboardDelta(view, delta, &errors), DeltaResult::Applied);
        QCOMPARE(view.pools.first().inUse, 2);
        QCOMPARE(view.pools.first().waiting, 3);

        fixture.engine().pause(u"llm"_s);
        fixture.clock.advance(20);
        timers.advance();
        QCOMPARE(published.size(), 2);
        QCOMPARE(applyDashboardDelta(view, published.last().first().toJsonObject(), &errors),
                 DeltaResult::Applied);
        QCOMPARE(view.pools.first().mode, PoolMode::Paused);
        QCOMPARE(view.seq, publisher.seq());
    }
};

QTEST_GUILESS_MAIN(TestApiService)
#include "tst_apiservice.moc"
