// SPEC section 4, "Ownership": every ticket and lease belongs to the key that made it, also
// after a restart and also when the reverse proxy made it; request ids are unguessable.

#include "RuntimeFixture.h"
#include "ServiceCall.h"

#include "api/ApiService.h"
#include "engine/Engine.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray acquireBody(const QString &user)
{
    return QJsonDocument(
               QJsonObject{{u"pool"_s, u"llm"_s}, {u"user"_s, user}, {u"tier"_s, u"pro"_s}})
        .toJson();
}

/// Acquires and waits for the durable answer; the id the client was given.
QString acquire(ApiService &service, const QByteArray &key, const QString &user)
{
    auto call = serve(service, HttpMethod::Post, u"/v1/acquire"_s, acquireBody(user), key);
    if (!QTest::qWaitFor([&] { return call->answered; }, 5000))
        return {};
    return call->text("requestId"_L1);
}

struct Keys
{
    QByteArray a, b, support, ops;
    QString aId;
};

Keys makeKeys(ApiService &service)
{
    QString error;
    Keys keys;
    const auto a = service.keys().create(u"app-a"_s, Role::Client);
    keys.a = a->key.toLatin1();
    keys.aId = a->row.id;
    keys.b = service.keys().create(u"app-b"_s, Role::Client)->key.toLatin1();
    keys.support = service.keys().create(u"help"_s, Role::Support)->key.toLatin1();
    keys.ops = service.keys().create(u"ops"_s, Role::Operator)->key.toLatin1();
    return keys;
}

/// What each of B's operations on `id` is answered, as "status error" per operation.
QStringList asStranger(ApiService &service, const QString &id, const QByteArray &key)
{
    const QString path = u"/v1/requests/"_s + id;
    QStringList answers;
    const QList<std::pair<HttpMethod, QString>> operations{
        {HttpMethod::Get, path},
        {HttpMethod::Post, path + u"/heartbeat"_s},
        {HttpMethod::Post, path + u"/release"_s},
        {HttpMethod::Delete, path}};
    for (const auto &[method, target] : operations) {
        auto call = serve(service, method, target, {}, key);
        if (!QTest::qWaitFor([&] { return call->answered; }, 5000))
            answers.append(u"no answer"_s);
        answers.append(QString::number(call->status) + u' ' + call->text("error"_L1));
    }
    return answers;
}

const QStringList kUnknown{u"404 UNKNOWN_REQUEST"_s, u"404 UNKNOWN_REQUEST"_s,
                           u"404 UNKNOWN_REQUEST"_s, u"404 UNKNOWN_REQUEST"_s};

/// The same id with its last hex digit changed.
QString tampered(const QString &id)
{
    QString other = id;
    other.back() = other.back() == u'0' ? u'1' : u'0';
    return other;
}

/// A transient request made in-process, as the reverse proxy makes one for `owner`'s key
/// (empty: no owner, as the proxy did before).
Decision proxiedAcquire(RuntimeFixture &fixture, const QString &owner)
{
    AcquireRequest proxied;
    proxied.pool = QStringLiteral("llm");
    proxied.user = QStringLiteral("erin");
    proxied.transient = true;
    proxied.owner = owner;
    return fixture.engine().withSecret(fixture.engine().acquire(proxied));
}

} // namespace

class TestRequestOwnership : public QObject
{
    Q_OBJECT

private slots:
    void anotherKeyGets404AsForAnUnknownId()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        const Keys keys = makeKeys(service);
        const QString lease = acquire(service, keys.a, u"erin"_s);
        acquire(service, keys.a, u"erin"_s);
        const QString ticket = acquire(service, keys.a, u"erin"_s);
        QVERIFY(!lease.isEmpty() && !ticket.isEmpty());
        QCOMPARE(fixture.engine().request(fixture.engine().requests().idOf(0))->active, true);

        // B is told exactly what an id that never existed is told.
        QCOMPARE(asStranger(service, u"ffff00000001"_s, keys.b), kUnknown);
        QCOMPARE(asStranger(service, lease, keys.b), kUnknown);
        QCOMPARE(asStranger(service, ticket, keys.b), kUnknown);
        QCOMPARE(fixture.engine().poolStatus(u"llm"_s)->inUse, 2); // nothing was released
        QCOMPARE(fixture.engine().poolStatus(u"llm"_s)->waiting, 1);

        // The owner and the roles above client keep what they had.
        QCOMPARE(serve(service, HttpMethod::Get, u"/v1/requests/"_s + lease, {}, keys.a)->status,
                 200);
        QCOMPARE(
            serve(service, HttpMethod::Get, u"/v1/requests/"_s + ticket, {}, keys.support)->status,
            200);
        QCOMPARE(serve(service, HttpMethod::Post, u"/v1/requests/"_s + lease + u"/heartbeat"_s, {},
                       keys.support)
                     ->status,
                 403);
        QCOMPARE(serve(service, HttpMethod::Post, u"/v1/requests/"_s + lease + u"/heartbeat"_s, {},
                       keys.ops)
                     ->status,
                 200);
    }

    void ownershipSurvivesARestart()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        QString lease, ticket;
        Keys keys;
        {
            ApiService service(*fixture.runtime);
            keys = makeKeys(service);
            lease = acquire(service, keys.a, u"erin"_s);
            acquire(service, keys.a, u"erin"_s);
            ticket = acquire(service, keys.a, u"erin"_s);
        }
        fixture.restart();
        ApiService service(*fixture.runtime);
        QCOMPARE(asStranger(service, lease, keys.b), kUnknown);
        QCOMPARE(asStranger(service, ticket, keys.b), kUnknown);
        QCOMPARE(fixture.engine().poolStatus(u"llm"_s)->inUse, 2);
        QCOMPARE(fixture.engine().poolStatus(u"llm"_s)->waiting, 1);
        // The owner still can, with the same ids.
        auto status = serve(service, HttpMethod::Get, u"/v1/requests/"_s + ticket, {}, keys.a);
        QCOMPARE(status->status, 200);
        QCOMPARE(status->text("state"_L1), u"waiting"_s);
        auto release = serve(service, HttpMethod::Post, u"/v1/requests/"_s + lease + u"/release"_s,
                             {}, keys.a);
        QTRY_VERIFY_WITH_TIMEOUT(release->answered, 5000);
        QCOMPARE(release->status, 200);
    }

    void proxiedRequestsAreNotReachableByOtherKeys()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        const Keys keys = makeKeys(service);
        // What the reverse proxy does: a transient request, made in-process for key A.
        const Decision decision = proxiedAcquire(fixture, keys.aId);
        QVERIFY(decision.granted());
        const QString id = formatRequestId(decision.id, decision.secret);
        QCOMPARE(asStranger(service, id, keys.b), kUnknown);
        QCOMPARE(fixture.engine().poolStatus(u"llm"_s)->inUse, 1); // A's stream was not cut
        QCOMPARE(serve(service, HttpMethod::Get, u"/v1/requests/"_s + id, {}, keys.a)->status, 200);
        // A request made without an owner (in-process) is no client key's either.
        const Decision ownerless = proxiedAcquire(fixture, QString());
        QCOMPARE(asStranger(service, formatRequestId(ownerless.id, ownerless.secret), keys.b),
                 kUnknown);
    }

    void proxiedRequestsWithoutAnOwnerWereReachable()
    {
        // As the proxy registers requests today (no owner, the compact id): no client key
        // may act on them.
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        const Keys keys = makeKeys(service);
        const Decision decision = proxiedAcquire(fixture, QString());
        QVERIFY(decision.granted());
        QCOMPARE(asStranger(service, formatRequestId(decision.id), keys.b), kUnknown);
        QCOMPARE(fixture.engine().poolStatus(u"llm"_s)->inUse, 1);
    }

    void idsCarry96RandomBits()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        const Keys keys = makeKeys(service);
        const QRegularExpression form(u"^[0-9a-f]{1,16}-[0-9a-f]{24}$"_s);
        QSet<QString> randomParts;
        QString last;
        for (int i = 0; i < 6; ++i) {
            auto call = serve(service, HttpMethod::Post, u"/v1/acquire"_s,
                              acquireBody(u"u%1"_s.arg(i)), keys.a);
            QTRY_VERIFY_WITH_TIMEOUT(call->answered, 5000);
            const QString id = call->text("requestId"_L1);
            QVERIFY2(form.match(id).hasMatch(), qPrintable(id));
            if (call->body.contains("lease_id"_L1))
                QCOMPARE(call->text("lease_id"_L1), id);
            randomParts.insert(id.section(u'-', 1));
            last = id;
        }
        QCOMPARE(randomParts.size(), 6);

        // The random part is checked on every lookup, for the owner too.
        const QString path = u"/v1/requests/"_s;
        QCOMPARE(serve(service, HttpMethod::Get, path + last, {}, keys.a)->status, 200);
        QCOMPARE(asStranger(service, tampered(last), keys.a), kUnknown);
        QCOMPARE(asStranger(service, last.section(u'-', 0, 0), keys.a), kUnknown);
        QCOMPARE(serve(service, HttpMethod::Get, path + tampered(last), {}, keys.ops)->status, 404);
        // Staff may name a request by its compact number, as the queue lists it.
        QCOMPARE(serve(service, HttpMethod::Get, path + last.section(u'-', 0, 0), {}, keys.support)
                     ->status,
                 200);

        // After the request ended, its outcome is guarded the same way.
        auto end = serve(service, HttpMethod::Delete, path + last, {}, keys.a);
        QTRY_VERIFY_WITH_TIMEOUT(end->answered, 5000);
        QCOMPARE(end->status, 200);
        auto after = serve(service, HttpMethod::Get, path + last, {}, keys.a);
        QCOMPARE(after->status, 200);
        QVERIFY(after->text("state"_L1) != u"waiting"_s);
        QCOMPARE(serve(service, HttpMethod::Get, path + last, {}, keys.b)->status, 404);
        QCOMPARE(serve(service, HttpMethod::Get, path + tampered(last), {}, keys.a)->status, 404);

        // The random part survives a restart.
        const QString kept = acquire(service, keys.a, u"kept"_s);
        fixture.restart();
        ApiService restarted(*fixture.runtime);
        QCOMPARE(serve(restarted, HttpMethod::Get, path + kept, {}, keys.a)->status, 200);
        QCOMPARE(serve(restarted, HttpMethod::Get, path + tampered(kept), {}, keys.a)->status, 404);
    }
};

QTEST_GUILESS_MAIN(TestRequestOwnership)
#include "tst_requestownership.moc"
