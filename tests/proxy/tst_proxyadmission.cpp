// Admission answered later (as a shared, Redis-backed admission answers after its round trip):
// the exchange waits for the decision, and whoever is gone when it comes holds nothing.
#include "DeferredAdmission.h"
#include "ProxyFixture.h"

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestProxyAdmission : public QObject
{
    Q_OBJECT

    /// A started fixture whose admission answers only when told.
    static bool startDeferred(ProxyFixture &f, DeferredAdmission **deferred)
    {
        f.makeAdmission = [deferred](Engine &engine) {
            auto admission = std::make_unique<DeferredAdmission>(engine);
            *deferred = admission.get();
            return admission;
        };
        return f.start();
    }

private slots:
    void aDecisionThatComesLaterIsServed()
    {
        ProxyFixture f;
        DeferredAdmission *admission = nullptr;
        QVERIFY(startDeferred(f, &admission));
        QNetworkReply *reply = f.postMessages(false);
        QTRY_COMPARE(admission->pending(), 1);
        QCOMPARE(f.mock->stats().requests, 0); // nothing goes upstream before the decision
        admission->answerAll();
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 200);
        QTRY_COMPARE(f.outcomes.size(), 1);
        QCOMPARE(f.poolStatus().inUse, 1); // the release is on its way
        admission->answerAll();
        QCOMPARE(f.poolStatus().inUse, 0);
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, qint64(1));
    }

    void aClientThatLeavesBeforeTheDecisionHoldsNothing()
    {
        ProxyFixture f;
        DeferredAdmission *admission = nullptr;
        QVERIFY(startDeferred(f, &admission));
        QNetworkReply *reply = f.postMessages(false);
        QTRY_COMPARE(admission->pending(), 1);
        reply->abort();
        QTRY_COMPARE(f.outcomes.size(), 1);
        QCOMPARE(f.outcomes.first().ending, u"client_gone"_s);
        admission->answerAll(); // granted, then given back at once with a refund
        QCOMPARE(f.poolStatus().inUse, 0);
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, qint64(0));
        QCOMPARE(f.proxy->inFlight(), 0);
    }

    void aTicketWhoseClientLeftIsWithdrawn()
    {
        ProxyFixture f;
        f.pool().maxConcurrent = 1;
        DeferredAdmission *admission = nullptr;
        QVERIFY(startDeferred(f, &admission));
        AcquireRequest bob;
        bob.pool = u"anthropic"_s;
        bob.user = u"bob"_s;
        const Decision holder = f.engine->acquire(bob);
        QVERIFY(holder.granted());
        QNetworkReply *reply = f.postMessages(false);
        QTRY_COMPARE(admission->pending(), 1);
        reply->abort();
        QTRY_COMPARE(f.outcomes.size(), 1);
        admission->answerAll(); // queued, then cancelled
        QCOMPARE(f.poolStatus().waiting, 0);
        QCOMPARE(f.poolStatus().inUse, 1);
    }

    void aProxyTornDownBeforeTheDecisionGivesTheSlotBack()
    {
        ProxyFixture f;
        DeferredAdmission *admission = nullptr;
        QVERIFY(startDeferred(f, &admission));
        f.postMessages(false);
        QTRY_COMPARE(admission->pending(), 1);
        f.server.reset();
        f.proxy.reset();
        admission->answerAll();
        QCOMPARE(f.poolStatus().inUse, 0);
        QCOMPARE(f.poolStatus().waiting, 0);
    }
};

QTEST_GUILESS_MAIN(TestProxyAdmission)
#include "tst_proxyadmission.moc"
