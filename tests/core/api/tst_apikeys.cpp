#include "ResultChecks.h"
#include "RuntimeFixture.h"

#include "api/ApiKeys.h"
#include "api/AuthThrottle.h"
#include "store/Store.h"

#include <QRegularExpression>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestApiKeys : public QObject
{
    Q_OBJECT

private slots:
    void createAuthenticateRevoke()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiKeys keys(fixture.runtime->store(), fixture.clock,
                     ApiKeys::committingTo(fixture.runtime->store()));
        const Result<ApiKeys::Created> created = keys.create(u"ci deploy"_s, Role::Operator);
        QVERIFY_OK(created);
        QCOMPARE(created->key.size(), 3 + 12 + 1 + 43);
        QVERIFY(created->key.startsWith(u"sk_"_s + created->row.id + u'_'));

        const std::optional<ApiKeys::Identity> identity =
            keys.authenticate(created->key.toLatin1());
        QVERIFY(identity);
        QCOMPARE(identity->role, Role::Operator);
        QCOMPARE(identity->name, u"ci deploy"_s);
        QCOMPARE(identity->keyId, created->row.id);

        // Only the hash is stored.
        const std::optional<ApiKeyRow> stored =
            fixture.runtime->store().apiKey(created->row.id).value();
        QVERIFY(stored);
        QCOMPARE(stored->hash, ApiKeys::hash(created->key.toLatin1()));
        QVERIFY(!stored->hash.contains(created->key.toLatin1().mid(16)));

        QVERIFY_OK(keys.revoke(created->row.id));
        QVERIFY(!keys.authenticate(created->key.toLatin1()));
        QCOMPARE(keys.revoke(created->row.id).error().code, errors::kAlreadyRevoked);
        const Result<Done> unknown = keys.revoke(u"ffffffffffff"_s);
        QCOMPARE(unknown.error().code, errors::kUnknownKey);
        QVERIFY(unknown.error().message.contains(u"ffffffffffff"_s));
        QCOMPARE(keys.list().size(), 1);
        QVERIFY(keys.list().first().revokedAt != 0);
    }

    void keysAreUnique()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiKeys keys(fixture.runtime->store(), fixture.clock,
                     ApiKeys::committingTo(fixture.runtime->store()));
        QString error;
        QSet<QString> seen;
        for (int i = 0; i < 20; ++i)
            seen.insert(keys.create(u"k"_s + QString::number(i), Role::Client)->key);
        QCOMPARE(seen.size(), 20);
    }

    void badInputIsRejected_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("role");
        QTest::newRow("empty name") << QString() << int(Role::Client);
        QTest::newRow("long name") << QString(65, u'n') << int(Role::Client);
        QTest::newRow("control character") << u"a\nb"_s << int(Role::Client);
        QTest::newRow("no role") << u"x"_s << int(Role::None);
    }

    void badInputIsRejected()
    {
        QFETCH(QString, name);
        QFETCH(int, role);
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiKeys keys(fixture.runtime->store(), fixture.clock,
                     ApiKeys::committingTo(fixture.runtime->store()));
        const auto failure = keys.create(name, Role(role));
        QVERIFY(!failure);
        const QString error = failure.error().message;
        QVERIFY(error.contains(role == int(Role::None) ? u"role"_s : u"name"_s));
        QVERIFY(keys.list().isEmpty());
    }

    void malformedAndForgedKeys()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiKeys keys(fixture.runtime->store(), fixture.clock,
                     ApiKeys::committingTo(fixture.runtime->store()));
        QString error;
        const QByteArray key = keys.create(u"app"_s, Role::Client)->key.toLatin1();
        QByteArray forged = key;
        forged[forged.size() - 1] = forged.back() == 'A' ? 'B' : 'A';
        QVERIFY(!keys.authenticate(forged));
        QVERIFY(!keys.authenticate(key.left(key.size() - 1)));
        QVERIFY(!keys.authenticate(QByteArray(key + 'x')));
        QVERIFY(!keys.authenticate(QByteArray("sk_XYZ456789abc_" + key.mid(16))));
        QVERIFY(!keys.authenticate(QByteArray()));
        QVERIFY(!keys.authenticate(QByteArray("Bearer " + key)));
        QVERIFY(keys.authenticate(key));
    }

    void anotherProcessesChangesArePickedUp()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiKeys gateway(fixture.runtime->store(), fixture.clock,
                        ApiKeys::committingTo(fixture.runtime->store()));
        Store cli;
        QString error;
        QVERIFY(cli.open(fixture.runtime->databasePath()));
        ApiKeys command(cli, fixture.clock, ApiKeys::committingTo(cli));
        const ApiKeys::Created created = *command.create(u"late"_s, Role::Admin);
        // A presented key is checked against memory only: the store is not read for it.
        QVERIFY(!gateway.authenticate(created.key.toLatin1()));
        QVERIFY(gateway.reload());
        QVERIFY(gateway.authenticate(created.key.toLatin1()));
        QVERIFY_OK(command.revoke(created.row.id));
        QVERIFY(gateway.authenticate(created.key.toLatin1())); // until the next reload
        QVERIFY(gateway.reload());
        QVERIFY(!gateway.authenticate(created.key.toLatin1()));
    }

    /// A key taken from another replica (merge) waits in the store writer's batch when
    /// `sluiced keys revoke` revokes it in the store: the revocation wins at the next reload.
    void aRevocationInTheStoreWinsOverAMergeNotYetCommitted()
    {
        RuntimeFixture elsewhere; // another replica, where the key was made
        QVERIFY(elsewhere.open());
        ApiKeys made(elsewhere.runtime->store(), elsewhere.clock,
                     ApiKeys::committingTo(elsewhere.runtime->store()));
        const ApiKeys::Created created = *made.create(u"shared"_s, Role::Client);

        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        QList<StoreBatch> pending; // the writer's next batch, not committed yet
        ApiKeys gateway(fixture.runtime->store(), fixture.clock, [&](StoreBatch batch) {
            pending.append(std::move(batch));
            return Result<Done>(Done{});
        });
        QCOMPARE(*gateway.merge(created.row), true);
        QVERIFY(gateway.authenticate(created.key.toLatin1()));
        QCOMPARE(*gateway.merge(created.row), false); // known: nothing changes

        Store cli;
        QVERIFY(cli.open(fixture.runtime->databasePath()));
        ApiKeys command(cli, fixture.clock, ApiKeys::committingTo(cli));
        QVERIFY_OK(command.merge(created.row));
        QVERIFY_OK(command.revoke(created.row.id));
        QVERIFY(gateway.reload());
        QVERIFY(!gateway.authenticate(created.key.toLatin1()));
    }

    /// In a gateway a key change goes to the store writer's next batch, not to a synchronous
    /// commit; a reload before that batch is committed must neither drop a new key nor bring
    /// a revoked one back.
    void changesNotYetCommittedSurviveAReload()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        Store &store = fixture.runtime->store();
        QList<StoreBatch> pending;
        ApiKeys keys(store, fixture.clock, [&pending](StoreBatch batch) -> Result<Done> {
            pending.append(std::move(batch));
            return Done{};
        });
        QString error;
        const ApiKeys::Created created = *keys.create(u"new"_s, Role::Client);
        const ApiKeys::Created old = *keys.create(u"old"_s, Role::Client);
        QCOMPARE(pending.size(), 2);
        QVERIFY(!store.apiKey(created.row.id).value()); // nothing committed here
        QVERIFY(keys.reload());
        QVERIFY(keys.authenticate(created.key.toLatin1()));
        QCOMPARE(keys.list().size(), 2);
        for (const StoreBatch &batch : std::as_const(pending))
            QVERIFY_OK(store.commit(batch));
        pending.clear();
        QVERIFY_OK(keys.revoke(old.row.id));
        QVERIFY(keys.reload()); // the table still says "not revoked"
        QVERIFY(!keys.authenticate(old.key.toLatin1()));
        QVERIFY_OK(store.commit(pending.takeFirst()));
        QVERIFY(keys.reload());
        QVERIFY(!keys.authenticate(old.key.toLatin1()));
        QVERIFY(keys.authenticate(created.key.toLatin1()));
        // Read back: the table's rows rule again, so another process's revoke is seen.
        Store cli;
        QVERIFY(cli.open(fixture.runtime->databasePath()));
        ApiKeys command(cli, fixture.clock, ApiKeys::committingTo(cli));
        QVERIFY_OK(command.revoke(created.row.id));
        QVERIFY(keys.reload());
        QVERIFY(!keys.authenticate(created.key.toLatin1()));
    }

    void aStoreThatCannotBeReadKeepsTheKeysHeld()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        Store store;
        QVERIFY_OK(store.open(fixture.runtime->databasePath()));
        ApiKeys keys(store, fixture.clock, ApiKeys::committingTo(store));
        const ApiKeys::Created created = *keys.create(u"kept"_s, Role::Client);
        store.close();
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(u"API keys not reloaded: .*store is closed"_s));
        QVERIFY(!keys.reload());
        QVERIFY(keys.authenticate(created.key.toLatin1()));
    }

    void presentedKey()
    {
        ApiRequest request;
        QCOMPARE(ApiKeys::presentedKey(request), QByteArray());
        request.headers = {{"authorization", "Bearer  sk_abc "}};
        QCOMPARE(ApiKeys::presentedKey(request), QByteArray("sk_abc"));
        request.headers = {{"authorization", "bearer sk_abc"}};
        QCOMPARE(ApiKeys::presentedKey(request), QByteArray("sk_abc"));
        request.headers = {{"authorization", "Basic dXNlcjpwYXNz"}};
        QCOMPARE(ApiKeys::presentedKey(request), QByteArray());
        request.headers = {{"authorization", "Bearer one"}, {"x-api-key", "two"}};
        QCOMPARE(ApiKeys::presentedKey(request), QByteArray("two"));
    }

    void constantTimeComparison()
    {
        QVERIFY(ApiKeys::equalConstantTime("abc", "abc"));
        QVERIFY(!ApiKeys::equalConstantTime("abc", "abd"));
        QVERIFY(!ApiKeys::equalConstantTime("abc", "ab"));
        QVERIFY(ApiKeys::equalConstantTime("", ""));
    }

    void throttleDoublesPerFailure()
    {
        ManualClock clock;
        AuthThrottle throttle(clock, {100, 1000, 60'000, 100});
        QCOMPARE(throttle.failed(u"10.0.0.1"_s), 100);
        QCOMPARE(throttle.failed(u"10.0.0.1"_s), 200);
        QCOMPARE(throttle.failed(u"10.0.0.1"_s), 400);
        QCOMPARE(throttle.failed(u"10.0.0.1"_s), 800);
        QCOMPARE(throttle.failed(u"10.0.0.1"_s), 1000);
        QCOMPARE(throttle.failed(u"10.0.0.1"_s), 1000);
        QCOMPARE(throttle.failed(u"10.0.0.2"_s), 100); // per address
        QCOMPARE(throttle.failures(u"10.0.0.1"_s), 6);
        clock.advance(60'000);
        QCOMPARE(throttle.failures(u"10.0.0.1"_s), 0);
        QCOMPARE(throttle.failed(u"10.0.0.1"_s), 100); // forgotten after a quiet minute
        QCOMPARE(throttle.lockedFor(u"10.0.0.1"_s), 100); // locked while its answer waits
        clock.advance(100);
        QCOMPARE(throttle.lockedFor(u"10.0.0.1"_s), 0);
    }

    void throttleGroupsIpv6By64()
    {
        QCOMPARE(AuthThrottle::bucketOf(u"2001:db8:1:2:aaaa::1"_s),
                 AuthThrottle::bucketOf(u"2001:db8:1:2:bbbb::9"_s));
        QVERIFY(AuthThrottle::bucketOf(u"2001:db8:1:2::1"_s) !=
                AuthThrottle::bucketOf(u"2001:db8:1:3::1"_s));
        QCOMPARE(AuthThrottle::bucketOf(u"::ffff:192.0.2.7"_s), u"192.0.2.7"_s);
    }

    void throttleMemoryIsBounded()
    {
        ManualClock clock;
        AuthThrottle throttle(clock, {100, 1000, 60'000, 50});
        for (int i = 0; i < 500; ++i) {
            clock.advance(1);
            throttle.failed(u"10.1.%1.%2"_s.arg(i / 256).arg(i % 256));
        }
        QCOMPARE(throttle.size(), 50);
        QCOMPARE(throttle.failures(u"10.1.1.243"_s), 1); // the newest stay
        QCOMPARE(throttle.failures(u"10.1.0.0"_s), 0);   // the oldest went
    }
};

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_apikeys.moc"
