#include "EngineFixture.h"

#include <QTest>

#include <functional>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

// Two pools, so that a state can name the wrong one: "llm" (the fixture's) and "img".
struct StateFixture : EngineFixture
{
    StateFixture()
    {
        PoolConfig img = pool();
        img.name = u"img"_s;
        img.maxConcurrent = 1;
        config.pools.append(img);
        pool().maxConcurrent = 3;
        pool().requestsPerMinute.reset();
        start();
    }

    Decision acquireIn(const QString &pool, const QString &user, const QString &tier = {},
                       qint64 tokens = 0, const QString &context = {})
    {
        AcquireRequest request;
        request.pool = pool;
        request.user = user;
        request.tier = tier;
        request.tokens = tokens;
        request.contextId = context;
        request.owner = u"key-"_s + user;
        return engine->acquire(request);
    }

    /// Leases with and without contexts, a corrected estimate, tickets of two tiers, a pinned
    /// user, a throttled pool, usage today.
    void fill()
    {
        QVERIFY(engine->setUserTier(u"pinned"_s, u"pro"_s));
        const RequestId a = acquireIn(u"llm"_s, u"a"_s, u"pro"_s, 100, u"conv"_s).id;
        QVERIFY(acquireIn(u"llm"_s, u"a"_s, u"pro"_s, 50, u"conv"_s).granted());
        clock.advance(1000);
        QVERIFY(acquireIn(u"llm"_s, u"b"_s, u"free"_s, 200).granted());
        clock.advance(1000);
        QVERIFY(engine->release(a, Usage{300, 20, {}, false}));
        QVERIFY(acquireIn(u"llm"_s, u"c"_s, {}, 10).granted());
        QVERIFY(acquireIn(u"llm"_s, u"d"_s, u"free"_s, 10).queued());
        QVERIFY(acquireIn(u"llm"_s, u"pinned"_s, {}, 10).queued());
        QVERIFY(acquireIn(u"img"_s, u"e"_s, u"free"_s).granted());
        QVERIFY(acquireIn(u"img"_s, u"f"_s, u"pro"_s, 0, u"x"_s).queued());
        clock.advance(500);
        QVERIFY(engine->heartbeat(engine->exportState().requests.last().id));
        QVERIFY(engine->throttle(u"img"_s, 2000));
    }
};

// Request secrets come from each engine's own key: the same acquire made on two engines
// differs only there.
EngineState withoutSecrets(EngineState state)
{
    for (RequestRow &row : state.requests)
        row.secret.clear();
    return state;
}

QStringList ids(const QList<RequestRow> &rows)
{
    QStringList out;
    for (const RequestRow &row : rows)
        out.append(formatRequestId(row.id));
    return out;
}

} // namespace

class TestEngineState : public QObject
{
    Q_OBJECT

private slots:
    void exportImportExportGivesEqualValues()
    {
        StateFixture f;
        f.fill();
        const EngineState state = f.engine->exportState();
        QCOMPARE(state.requests.size(), 7); // tickets pinned, d, f; leases a's context, b, c, e
        QCOMPARE(state.pools.size(), 2);
        QVERIFY(state.pools[1].throttledUntil > f.clock.now());
        QCOMPARE(state.pools[0].window.size(), 4); // a (released), a's context, b, c

        Engine copy(f.clock, f.config);
        QVERIFY(copy.importState(state));
        const EngineState again = copy.exportState();
        QCOMPARE(ids(again.requests), ids(state.requests));
        QCOMPARE(again.users, state.users);
        QCOMPARE(again.usage, state.usage);
        QCOMPARE(again.tierUsers, state.tierUsers);
        QVERIFY(again.pools == state.pools);
        QVERIFY(again == state);
    }

    // The copy answers like the original: positions, quotas, a usage report correcting the
    // window, leases expiring, tickets timing out, the throttle lifting.
    void importedEngineBehavesLikeTheOriginal()
    {
        StateFixture f;
        f.fill();
        Engine copy(f.clock, f.config);
        QVERIFY(copy.importState(f.engine->exportState()));
        const auto same = [&](const std::function<void(Engine &)> &step) {
            step(*f.engine);
            step(copy);
            QCOMPARE(withoutSecrets(copy.exportState()), withoutSecrets(f.engine->exportState()));
            QCOMPARE(copy.pools().size(), f.engine->pools().size());
            for (qsizetype i = 0; i < copy.pools().size(); ++i)
                QCOMPARE(copy.pools()[i].windowTokens, f.engine->pools()[i].windowTokens);
        };
        for (const RequestRow &row : f.engine->exportState().requests)
            QCOMPARE(copy.position(row.id), f.engine->position(row.id));
        QCOMPARE(copy.userQuota(u"a"_s).requestsToday, 2);
        QCOMPARE(copy.userQuota(u"pinned"_s).tierPinned, true);
        const RequestId b = f.engine->exportState().requests[4].id;
        same([b](Engine &e) { QVERIFY(e.release(b, Usage{500, 0, {}, false})); });
        AcquireRequest g;
        g.pool = u"llm"_s;
        g.user = u"g"_s;
        g.tier = u"pro"_s;
        same([&g](Engine &e) { QVERIFY(e.acquire(g).queued()); });
        f.clock.advance(2500);
        same([](Engine &e) { e.advance(); });
        f.clock.advance(8000);
        same([](Engine &e) { e.advance(); }); // tickets time out
        f.clock.advance(30'000);
        same([](Engine &e) { e.advance(); }); // leases expire
        QCOMPARE(copy.exportState().requests.size(), 0);
        QCOMPARE(copy.userQuota(u"d"_s).requestsToday, f.engine->userQuota(u"d"_s).requestsToday);
    }

    void inconsistentStatesAreRefused_data()
    {
        QTest::addColumn<int>("mutation");
        QTest::addColumn<QString>("message");
        const QStringList messages = {
            u"unknown pool 'nope'"_s,
            u"request %1 is in the unknown pool 'nope'"_s,
            u"is listed twice"_s,
            u"would take the same slot"_s,
            u"has the unknown tier 'gold'"_s,
            u"which is not an active lease of the pool"_s,
            u"pool 'img' is drained but holds 2 requests"_s,
            u"is after the engine's"_s,
            u"user 'pinned' is listed twice"_s,
            u"its window is not oldest first"_s,
        };
        for (int i = 0; i < messages.size(); ++i)
            QTest::addRow("%d", i) << i << messages[i];
    }

    void inconsistentStatesAreRefused()
    {
        QFETCH(int, mutation);
        QFETCH(QString, message);
        StateFixture f;
        f.fill();
        EngineState state = f.engine->exportState();
        RequestRow &first = state.requests.first();
        switch (mutation) {
        case 0:
            state.pools[0].name = u"nope"_s;
            break;
        case 1:
            first.pool = u"nope"_s;
            message = message.arg(formatRequestId(first.id));
            break;
        case 2:
            state.requests.append(first);
            break;
        case 3:
            state.requests.last().id = first.id + (RequestId(7) << 32);
            break;
        case 4:
            first.tier = u"gold"_s;
            break;
        case 5:
            state.pools[0].window.first().lease = first.id;
            break;
        case 6:
            state.pools[1].mode = PoolMode::Drained;
            break;
        case 7:
            state.day += 1;
            break;
        case 8:
            state.users.append(state.users.first());
            break;
        case 9:
            std::swap(state.pools[0].window[0], state.pools[0].window[3]);
            break;
        }
        Engine target(f.clock, f.config);
        const EngineState before = target.exportState();
        const Result<Done> result = target.importState(state);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(message), qPrintable(result.error().message));
        QCOMPARE(target.exportState(), before);
    }

    void importIntoABusyEngineIsRefused()
    {
        StateFixture f;
        f.fill();
        const EngineState before = f.engine->exportState();
        const Result<Done> result = f.engine->importState(before);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(u"fresh engine"_s),
                 qPrintable(result.error().message));
        QCOMPARE(f.engine->exportState(), before);
    }
};

QTEST_GUILESS_MAIN(TestEngineState)
#include "tst_enginestate.moc"
