// Three gateways sharing one deployment through a real redis-server: an API key created on
// one replica works on every replica (through Redis, at once after the `keys` event), a key
// revoked on any replica is refused by all, Redis holds each key's hash and never the key,
// and keys Redis lost come back from the replicas that hold them.

#include "SharedReplicas.h"

#include "shared/SharedKeys.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestSharedKeys : public SharedReplicasCase
{
    Q_OBJECT

    /// Replica `i`'s answer to a client call made with `key`: 401 when it does not know it.
    int statusWith(int i, const QByteArray &key)
    {
        return replica(i).call("GET", u"/v1/requests/1"_s, {}, key).status;
    }

    SharedKeys &sharedKeys(int i) { return *replica(i).gateway->sharedKeys(); }

    QByteArray storedKey(const QString &id)
    {
        return redis().call({"HGET", "{sl:test}:keys", id.toLatin1()}).text;
    }

    struct Registry
    {
        QString status;
        QJsonObject answer;
    };
    /// sl_keys called as a replica would, with `rows` and no version held.
    Registry registry(const QList<QByteArray> &rows)
    {
        QList<QByteArray> command{"FCALL",          "sl_keys",          "2",
                                  "{sl:test}:keys", "{sl:test}:events", ""};
        command.append(rows);
        const QJsonObject answer = QJsonDocument::fromJson(redis().call(command).text).object();
        return {answer.value("status"_L1).toString(), answer};
    }

private slots:
    void init() { startReplicas(); }

    void cleanup() { m_shared.reset(); }

    void aKeyMadeOnOneReplicaWorksOnAll()
    {
        const QByteArray key = replica(0).createKey(Role::Client, u"shared-app"_s);
        QVERIFY(statusWith(0, key) != 401);
        QByteArray wrong = key; // the same id, another secret: refused
        wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
        QCOMPARE(statusWith(0, wrong), 401);

        sharedKeys(0).sync(); // sends it; its `keys` event makes the others read it at once
        QVERIFY(waitFor([&] { return statusWith(1, key) != 401 && statusWith(2, key) != 401; }));
        QVERIFY(sharedKeys(1).taken() > 0);

        // Redis holds its id, name, role and hash, never the key itself.
        const QByteArray secret = key.mid(3 + 12 + 1); // "sk_<12 hex digits>_<secret>"
        const RedisReply stored = redis().call({"HGETALL", "{sl:test}:keys"});
        QVERIFY(stored.elements.size() >= 2);
        for (const RedisReply &field : stored.elements)
            QVERIFY(!field.text.contains(secret) && !field.text.contains(key));
    }

    void aRevocationOnAnyReplicaHoldsOnAll()
    {
        const QByteArray key = replica(0).createKey(Role::Client, u"leaving-app"_s);
        sharedKeys(0).sync();
        QVERIFY(waitFor([&] { return statusWith(2, key) != 401; }));

        // An admin revokes it on replica 2.
        const QByteArray admin = replica(2).createKey(Role::Admin, u"admin"_s);
        const QString id = QString::fromLatin1(key.mid(3, 12));
        QCOMPARE(replica(2).call("DELETE", u"/v1/keys/%1"_s.arg(id), {}, admin).status, 200);
        QCOMPARE(statusWith(2, key), 401);
        sharedKeys(2).sync();
        QVERIFY(waitFor([&] { return statusWith(0, key) == 401 && statusWith(1, key) == 401; }));
        // A replica with a stale copy that sends the key as valid does not make it valid again.
        QJsonObject stale = QJsonDocument::fromJson(storedKey(id)).object();
        QVERIFY(stale.value("revoked_at"_L1).toInteger() > 0);
        stale.insert(u"revoked_at"_s, 0);
        QCOMPARE(registry({QJsonDocument(stale).toJson(QJsonDocument::Compact)}).status, u"ok"_s);
        QVERIFY(QJsonDocument::fromJson(storedKey(id)).object().value("revoked_at"_L1).toInteger() >
                0);
        for (int i = 0; i < 3; ++i)
            sharedKeys(i).sync();
        QVERIFY(waitFor([&] { return statusWith(1, key) == 401 && statusWith(0, key) == 401; }));
    }

    /// What sl_keys takes: malformed rows, the version field's name, and another key under a
    /// known id change nothing.
    void theRegistryIgnoresWhatIsNoKey()
    {
        const QByteArray key = replica(0).createKey(Role::Client, u"app-x"_s);
        sharedKeys(0).sync();
        const QString id = QString::fromLatin1(key.mid(3, 12));
        QVERIFY(waitFor([&] { return !storedKey(id).isEmpty(); }));
        const QByteArray before = storedKey(id);
        const qsizetype count = registry({}).answer.value("count"_L1).toInteger();
        QJsonObject other = QJsonDocument::fromJson(before).object();
        other.insert(u"hash"_s, QString(64, u'0'));
        other.insert(u"revoked_at"_s, 5);
        const Registry answer = registry({"{not json", "[1,2]", "{\"id\":\"~ver\",\"hash\":\"00\"}",
                                          QJsonDocument(other).toJson(QJsonDocument::Compact)});
        QCOMPARE(answer.status, u"ok"_s);
        QCOMPARE(answer.answer.value("count"_L1).toInteger(), count);
        QCOMPARE(storedKey(id), before); // not revoked by a row of another key
        QVERIFY(waitFor([&] { return statusWith(1, key) != 401; }));
    }

    void keysRedisLostComeBackFromTheReplicas()
    {
        const QByteArray key = replica(0).createKey(Role::Client, u"kept-app"_s);
        sharedKeys(0).sync();
        QVERIFY(waitFor([&] { return statusWith(1, key) != 401; }));
        redis().call({"FLUSHALL"});
        redis().call({"FUNCTION", "FLUSH"});
        redis().setTestClock(SharedReplicas::kRedisStart);

        // A new replica, on an empty store, joins while Redis holds no key. The others' next
        // syncs see another version without their keys, and send them again.
        QVERIFY(m_shared->startReplica(2));
        QVERIFY(waitFor([&] {
            sharedKeys(0).sync();
            return statusWith(2, key) != 401;
        }));
    }
};

QTEST_GUILESS_MAIN(TestSharedKeys)
#include "tst_sharedkeys.moc"
