#include "EngineFixture.h"
#include "ResultChecks.h"

#include "runtime/StoredEngineState.h"
#include "store/Store.h"
#include "store/StoreBatch.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestStoredEngineState : public QObject
{
    Q_OBJECT

private slots:
    // What a store holds becomes an EngineState the engine takes: restored usage makes users
    // with the default tier, a restored ticket brings its own tier, and what the configuration
    // no longer knows is left out.
    void storeRowsBecomeAnImportableState()
    {
        EngineFixture f;
        f.start();
        QTemporaryDir dir;
        Store store;
        QVERIFY_OK(store.open(dir.filePath(u"sluice.db"_s)));
        StoreBatch batch;
        batch.addUsage({f.engine->today(), u"llm"_s, u"p"_s, u"free"_s, 20, 0, 0, 0});
        batch.setUserTier(u"q"_s, u"gold"_s); // a removed tier
        RequestRow ticket;
        ticket.id = (RequestId(5) << 32) | 0;
        ticket.pool = u"llm"_s;
        ticket.user = u"p"_s;
        ticket.tier = u"pro"_s;
        ticket.enqueuedAt = f.clock.now();
        ticket.waitDeadline = f.clock.now() + 10'000;
        ticket.arrival = 1;
        ticket.priority = 2;
        batch.putRequest(ticket);
        RequestRow removed = ticket;
        removed.id = (RequestId(6) << 32) | 1;
        removed.pool = u"old"_s;
        batch.putRequest(removed);
        batch.addWindow({u"llm"_s, f.clock.now() / 1000 - 2, 3, 120});
        QVERIFY_OK(store.commit(batch));

        const EngineState state = storedEngineState(store, *f.engine, 42).value();
        QCOMPARE(state.nextGeneration, 42u);
        QCOMPARE(state.requests.size(), 1);
        QCOMPARE(state.users.size(), 1);
        QCOMPARE(state.users[0].id, u"p"_s);
        QCOMPARE(state.users[0].tier, u"pro"_s);
        QCOMPARE(state.users[0].requests, 20);
        QCOMPARE(state.pools.size(), 1);
        QCOMPARE(state.pools[0].window.size(), 3);

        QVERIFY(f.engine->importState(state));
        QCOMPARE(f.status().windowTokens, 120);
        f.engine->advance();
        QCOMPARE(f.engine->userQuota(u"p"_s).tier, u"pro"_s); // 100 a day: 20 used
        QVERIFY(f.engine->request(ticket.id) && f.engine->request(ticket.id)->active);
    }
};

QTEST_GUILESS_MAIN(TestStoredEngineState)
#include "tst_storedenginestate.moc"
