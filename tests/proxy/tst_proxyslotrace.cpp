// The slot comes back exactly once in every interleaving of: the client leaving, the engine
// granting the ticket, the grant reaching the exchange (later: it is a queued call), the
// upstream call starting, ending or failing, a retry wait, the engine ending the request and
// the proxy being torn down. Each row fires these events in its own order, deterministically:
// the engine's events come from the manual clock and direct calls, the grant's delivery from
// flushing the posted calls, the client's departure from an in-process sink.
#include "ProxyFixture.h"

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

/// An in-process client: records what the proxy answered and leaves when told.
class FakeSink : public ResponseSink
{
public:
    int status = 0;
    bool head = false;
    bool complete = false;

    void respond(int s, const HeaderList &, const QByteArray &) override
    {
        status = s;
        complete = true;
    }
    void writeHead(int s, const HeaderList &) override
    {
        status = s;
        head = true;
    }
    void writeChunk(const QByteArray &) override {}
    void finish() override { complete = true; }
    void abort() override { complete = true; }
    void leave() { emit clientGone(); }
};

} // namespace

class TestProxySlotRace : public QObject
{
    Q_OBJECT

private slots:
    void everyInterleavingReturnsTheSlotOnce_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QStringList>("steps");
        QTest::addColumn<QString>("ending");  // empty: torn down, no outcome
        QTest::addColumn<int>("upstreamCalls");
        const auto row = [](const char *name, const QString &fault, const QString &steps,
                            const QString &ending, int calls) {
            QTest::newRow(name) << fault << steps.split(u' ') << ending << calls;
        };
        row("queued, gone", u"none"_s, u"hold request gone"_s, u"client_gone"_s, 0);
        row("gone, granted, delivered", u"none"_s, u"hold request gone grant deliver"_s,
            u"client_gone"_s, 0);
        row("granted, gone, delivered", u"none"_s, u"hold request grant gone deliver"_s,
            u"client_gone"_s, 0);
        row("granted, delivered, gone", u"stall"_s,
            u"hold request grant deliver started gone"_s, u"client_gone"_s, 1);
        row("granted, lease expired, gone, delivered", u"none"_s,
            u"hold request grant expire gone deliver"_s, u"client_gone"_s, 0);
        row("granted, lease expired, delivered", u"none"_s,
            u"hold request grant expire deliver"_s, u"lease_expired"_s, 0);
        row("queue timeout, gone, delivered", u"none"_s, u"hold request timeout gone deliver"_s,
            u"client_gone"_s, 0);
        row("queue timeout, delivered", u"none"_s, u"hold request timeout deliver"_s,
            u"timeout"_s, 0);
        row("granted, torn down", u"none"_s, u"hold request grant destroy"_s, QString(), 0);
        row("queued, torn down", u"none"_s, u"hold request destroy"_s, QString(), 0);
        row("calling, torn down", u"stall"_s, u"request started destroy"_s, QString(), 1);
        row("streaming, gone", u"pause"_s, u"request streaming gone"_s, u"client_gone"_s, 1);
        row("done, gone", u"none"_s, u"request done gone"_s, u"completed"_s, 1);
        row("upstream reset", u"reset"_s, u"request done gone"_s, u"upstream_reset"_s, 1);
        row("retry wait, gone, retry due", u"429"_s, u"request waiting gone retry"_s,
            u"client_gone"_s, 1);
        row("retry wait, lease expired, gone", u"429"_s,
            u"request waiting expire gone deliver"_s, u"client_gone"_s, 1);
        row("retry wait, lease expired, delivered", u"429"_s,
            u"request waiting expire deliver"_s, u"lease_expired"_s, 1);
        row("retry wait, retry, done", u"429"_s, u"request waiting retry done"_s,
            u"completed"_s, 2);
    }

    void everyInterleavingReturnsTheSlotOnce()
    {
        QFETCH(QString, fault);
        QFETCH(QStringList, steps);
        QFETCH(QString, ending);
        QFETCH(int, upstreamCalls);

        ProxyFixture f;
        f.pool().maxConcurrent = 1;
        QVERIFY(f.start());
        if (fault == u"stall")
            f.mock->addFault(MockFault::of(MockFault::Kind::Stall));
        else if (fault == u"pause")
            f.mock->addFault(MockFault::of(MockFault::Kind::PauseAfterEvents, 2));
        else if (fault == u"reset")
            f.mock->addFault(MockFault::of(MockFault::Kind::ResetAfterEvents, 2));
        else if (fault == u"429")
            f.mock->addFault(MockFault::answer(429, {}, "500"));
        QHash<RequestId, int> ends;
        QObject::connect(f.engine.get(), &Engine::requestEnded, f.engine.get(),
                         [&ends](RequestId id, int, Reason) { ++ends[id]; });

        RequestId holder = 0;
        FakeSink *sink = nullptr;
        for (const QString &step : std::as_const(steps)) {
            if (step == u"hold") {
                AcquireRequest acquire;
                acquire.pool = u"anthropic"_s;
                acquire.user = u"holder"_s;
                const Decision decision = f.engine->acquire(acquire);
                QVERIFY(decision.granted());
                holder = decision.id;
            } else if (step == u"request") {
                Result<ProxyRequest> request =
                    ProxyRequest::fromUrl("POST", QUrl(u"/proxy/anthropic/v1/messages"_s),
                                          {{"x-api-key", ProxyFixture::kClientKey},
                                           {"x-sluice-user", "alice"},
                                           {"content-type", "application/json"}},
                                          ProxyFixture::messagesBody(true));
                QVERIFY2(request, qPrintable(request.error().message));
                auto owned = std::make_unique<FakeSink>();
                sink = owned.get();
                f.proxy->handle(std::move(*request), std::move(owned));
                QCOMPARE(f.proxy->inFlight(), 1);
            } else if (step == u"grant") {
                QVERIFY(f.engine->release(holder));
                holder = 0;
            } else if (step == u"deliver") {
                QCoreApplication::sendPostedEvents(nullptr, QEvent::MetaCall);
            } else if (step == u"gone") {
                if (f.proxy->inFlight() > 0)
                    sink->leave();
            } else if (step == u"started") {
                QTRY_COMPARE_WITH_TIMEOUT(f.mock->stats().requests, 1, 5000);
            } else if (step == u"streaming") {
                QTRY_VERIFY_WITH_TIMEOUT(sink->head, 5000);
            } else if (step == u"done") {
                QTRY_COMPARE_WITH_TIMEOUT(f.outcomes.size(), 1, 5000);
            } else if (step == u"waiting") {
                QTRY_COMPARE_WITH_TIMEOUT(f.proxy->retriesPending(), 1, 5000);
            } else if (step == u"retry") {
                f.advance(f.pool().retry.baseDelayMs);
            } else if (step == u"expire") {
                f.advance(f.pool().leaseIdleTimeoutMs + 1);
            } else if (step == u"timeout") {
                f.advance(f.pool().queueTimeoutMs);
            } else if (step == u"destroy") {
                f.server.reset();
                f.proxy.reset();
            } else {
                QFAIL(qPrintable(u"unknown step "_s + step));
            }
        }

        // Whatever is still posted arrives now and must change nothing.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::MetaCall);
        if (f.proxy)
            QTRY_COMPARE_WITH_TIMEOUT(f.proxy->inFlight(), 0, 5000);
        if (holder)
            QVERIFY(f.engine->release(holder));  // a ticket left behind would be granted now
        QCoreApplication::sendPostedEvents(nullptr, QEvent::MetaCall);
        QCOMPARE(f.poolStatus().inUse, 0);
        QCOMPARE(f.poolStatus().waiting, 0);
        for (auto it = ends.cbegin(); it != ends.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(u"request %1 ended %2 times"_s.arg(it.key()).arg(it.value())));
        QCOMPARE(f.mock->stats().requests, upstreamCalls);
        if (ending.isEmpty()) {
            QVERIFY(f.outcomes.isEmpty());
        } else {
            QCOMPARE(f.outcomes.size(), 1);
            QCOMPARE(f.outcomes.first().ending, ending);
        }
    }
};

QTEST_GUILESS_MAIN(TestProxySlotRace)
#include "tst_proxyslotrace.moc"
