// RequestSecretKey: every request's secret (the random-looking part of the id a client sees,
// and its token) derived from its id under the engine's key, and how the engine hands it out.
#include "EngineFixture.h"
#include "engine/RequestSecretKey.h"

#include <QSet>
#include <QTest>

#include <bit>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestRequestSecretKey : public QObject
{
    Q_OBJECT

private slots:
    void oneKeyGivesEachIdItsOwnSecretEveryTime()
    {
        const RequestSecretKey key = RequestSecretKey::generate();
        constexpr int kCount = 10'000;
        QSet<QByteArray> seen;
        for (RequestId id = 1; id <= kCount; ++id) {
            const RequestSecret secret = key.derive(id);
            QVERIFY(!secret.isNull());
            QVERIFY(secret.idPart != secret.tokenPart);
            QCOMPARE(key.derive(id), secret); // a function of the id: nothing to store
            const QByteArray bytes = secret.toBytes();
            QCOMPARE(RequestSecret::fromBytes(bytes), secret);
            seen.insert(bytes.left(RequestSecret::kPartBytes));
            seen.insert(bytes.mid(RequestSecret::kPartBytes));
        }
        QCOMPARE(seen.size(), 2 * kCount);
    }

    void anotherKeyGivesOtherSecrets()
    {
        // Each engine draws its own key: ids that two replicas share get unrelated secrets.
        const RequestSecretKey a = RequestSecretKey::generate();
        const RequestSecretKey b = RequestSecretKey::generate();
        std::array<quint8, RequestSecretKey::kBytes> fixed{};
        fixed[0] = 1;
        const RequestSecretKey c(fixed);
        fixed[31] = 1; // one bit more
        const RequestSecretKey d(fixed);
        for (RequestId id : {RequestId(1), RequestId(0x100000001), ~RequestId(0)}) {
            QVERIFY(a.derive(id) != b.derive(id));
            QVERIFY(c.derive(id) != d.derive(id));
            QCOMPARE(c.derive(id), RequestSecretKey(std::array<quint8, 32>{1}).derive(id));
        }
    }

    void theBitsAreBalanced()
    {
        // Sequential ids must not show through: 1,920,000 fair bits have a standard deviation
        // of about 700 ones.
        const RequestSecretKey key = RequestSecretKey::generate();
        constexpr int kCount = 10'000;
        qint64 ones = 0;
        for (RequestId id = 1; id <= kCount; ++id) {
            const RequestSecret secret = key.derive(id);
            for (const quint8 byte : secret.idPart)
                ones += std::popcount(byte);
            for (const quint8 byte : secret.tokenPart)
                ones += std::popcount(byte);
        }
        const qint64 bits = qint64(kCount) * 2 * RequestSecret::kPartBytes * 8;
        QVERIFY2(qAbs(ones - bits / 2) < 10'000, qPrintable(QString::number(ones)));
    }

    void theClientTheJournalAndTheEngineSeeOneSecret()
    {
        EngineFixture f;
        f.start();
        AcquireRequest request;
        request.pool = u"llm"_s;
        request.user = u"alice"_s;
        request.owner = u"key-a"_s;
        const Decision bare = f.engine->acquire(request);
        QVERIFY(bare.granted());
        QVERIFY(bare.secret.isNull()); // derived only for whoever is to see it
        const Decision decision = f.engine->withSecret(bare);
        QVERIFY(!decision.secret.isNull());
        QCOMPARE(f.engine->access(decision.id)->secret, decision.secret);
        QCOMPARE(f.engine->access(decision.id)->owner, u"key-a"_s);
        const EngineState state = f.engine->exportState();
        QCOMPARE(state.requests.size(), 1);
        QCOMPARE(RequestSecret::fromBytes(state.requests[0].secret), decision.secret);
        QCOMPARE(state.requests[0].owner, u"key-a"_s);

        // Its slot taken again (same index, next generation): another secret, no owner.
        QVERIFY(f.engine->release(decision.id));
        QVERIFY(!f.engine->access(decision.id));
        request.owner.clear();
        const Decision next = f.engine->withSecret(f.engine->acquire(request));
        QCOMPARE(next.id & 0xffffffffu, decision.id & 0xffffffffu);
        QVERIFY(next.id != decision.id);
        QVERIFY(next.secret != decision.secret);
        QCOMPARE(f.engine->access(next.id)->owner, QString());
        // A request restored from another process keeps the secret its client holds; once it
        // ends, its slot's next request gets one of this engine's again.
        Engine restarted(f.clock, f.config);
        QVERIFY(restarted.importState(f.engine->exportState()));
        QCOMPARE(restarted.access(next.id)->secret, next.secret);
        QVERIFY(restarted.release(next.id));
        const Decision after = restarted.withSecret(restarted.acquire(request));
        QCOMPARE(after.id & 0xffffffffu, next.id & 0xffffffffu);
        QVERIFY(after.secret != next.secret);
        QCOMPARE(restarted.access(after.id)->secret, after.secret);
        QCOMPARE(RequestSecret::fromBytes(restarted.exportState().requests[0].secret), after.secret);
        // A rejection has no request, so no secret.
        request.user.clear();
        QVERIFY(f.engine->withSecret(f.engine->acquire(request)).secret.isNull());
    }
};

QTEST_GUILESS_MAIN(TestRequestSecretKey)
#include "tst_requestsecretkey.moc"
