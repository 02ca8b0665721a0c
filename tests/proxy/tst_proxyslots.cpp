// The slot is always released, exactly once: at the end, when the client goes away, when
// the upstream breaks or falls silent; and admission waits in the queue when slots are full.
#include "ProxyFixture.h"

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestProxySlots : public QObject
{
    Q_OBJECT

private slots:
    void clientDisconnectMidStreamReleasesTheSlot()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::of(MockFault::Kind::PauseAfterEvents, 4));
        QNetworkReply *reply = f.postMessages(true);
        QByteArray received;
        QObject::connect(reply, &QNetworkReply::readyRead, reply,
                         [&] { received += reply->readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("content_block_delta"), 5000);
        QCOMPARE(f.poolStatus().inUse, 1);
        reply->abort();

        QTRY_COMPARE_WITH_TIMEOUT(f.outcomes.size(), 1, 5000);
        QCOMPARE(f.outcomes.first().ending, u"client_gone"_s);
        QVERIFY(f.outcomes.first().released);
        QVERIFY(f.outcomes.first().usage.inputTokens > 0);  // message_start was read
        QCOMPARE(f.poolStatus().inUse, 0);
        QCOMPARE(f.proxy->inFlight(), 0);
        // The upstream call was aborted too: the provider's slot is free as well.
        QTRY_COMPARE_WITH_TIMEOUT(f.mock->stats().active, 0, 5000);
        QCOMPARE(f.mock->stats().clientAborts, 1);
    }

    void upstreamResetMidStreamReleasesTheSlot()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::of(MockFault::Kind::ResetAfterEvents, 5));
        QNetworkReply *reply = f.postMessages(true);
        QVERIFY(ProxyFixture::finish(reply));
        QVERIFY(reply->error() != QNetworkReply::NoError);
        QTRY_COMPARE(f.outcomes.size(), 1);
        const ProxyOutcome outcome = f.outcomes.first();
        QCOMPARE(outcome.ending, u"upstream_reset"_s);
        QVERIFY(outcome.released);
        QVERIFY(!outcome.usage.refund);  // the answer had begun
        QVERIFY(outcome.usage.inputTokens > 0);
        QCOMPARE(f.poolStatus().inUse, 0);
        QCOMPARE(f.proxy->inFlight(), 0);
    }

    void silentUpstreamTimesOut()
    {
        ProxyFixture f;
        f.options.upstreamIdleTimeoutMs = 200;  // a network timeout: real time
        f.pool().retry.maxRetries = 0;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::of(MockFault::Kind::Stall));
        QNetworkReply *reply = f.postMessages(false);
        QVERIFY(ProxyFixture::finish(reply));
        QCOMPARE(ProxyFixture::status(reply), 504);
        QCOMPARE(ProxyFixture::json(reply->readAll()).value(u"error"_s).toString(),
                 u"UPSTREAM_TIMEOUT"_s);
        QTRY_COMPARE(f.outcomes.size(), 1);
        QVERIFY(f.outcomes.first().usage.refund);
        QCOMPARE(f.engine->userQuota(u"alice"_s).requestsToday, 0);
        QCOMPARE(f.poolStatus().inUse, 0);
    }

    void waitsInTheQueueThenSucceeds()
    {
        ProxyFixture f;
        f.pool().maxConcurrent = 1;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::of(MockFault::Kind::PauseAfterEvents, 2));
        QNetworkReply *holder = f.postMessages(true, "alice");
        QSignalSpy paused(f.mock.get(), &MockProvider::streamPaused);
        QVERIFY(paused.wait(5000));
        QNetworkReply *waiting = f.postMessages(false, "bob");
        QTRY_COMPARE(f.poolStatus().waiting, 1);
        QCOMPARE(f.mock->stats().requests, 1);  // bob has not reached the upstream

        f.clock.advance(1500);
        f.mock->resumePausedStreams();
        QVERIFY(ProxyFixture::finish(holder));
        QVERIFY(ProxyFixture::finish(waiting));
        QCOMPARE(ProxyFixture::status(holder), 200);
        QCOMPARE(ProxyFixture::status(waiting), 200);
        QTRY_COMPARE(f.outcomes.size(), 2);
        QCOMPARE(f.outcomes.last().user, u"bob"_s);
        QCOMPARE(f.outcomes.last().queuedMs, 1500);
        QCOMPARE(f.mock->stats().maxActive, 1);
        QCOMPARE(f.mock->stats().rateLimited, 0);
        QCOMPARE(f.poolStatus().inUse, 0);
    }

    void queueTimeoutAnswersWithTheEnginesError()
    {
        ProxyFixture f;
        f.pool().maxConcurrent = 1;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::of(MockFault::Kind::PauseAfterEvents, 2));
        QNetworkReply *holder = f.postMessages(true, "alice");
        QSignalSpy paused(f.mock.get(), &MockProvider::streamPaused);
        QVERIFY(paused.wait(5000));
        QNetworkReply *waiting = f.postMessages(false, "bob");
        QTRY_COMPARE(f.poolStatus().waiting, 1);
        f.advance(f.pool().queueTimeoutMs);
        QVERIFY(ProxyFixture::finish(waiting));
        QCOMPARE(ProxyFixture::status(waiting), 504);
        QCOMPARE(ProxyFixture::json(waiting->readAll()).value(u"error"_s).toString(),
                 u"TIMEOUT"_s);
        QCOMPARE(f.poolStatus().waiting, 0);
        f.mock->resumePausedStreams();
        QVERIFY(ProxyFixture::finish(holder));
        QTRY_COMPARE(f.poolStatus().inUse, 0);
        QCOMPARE(f.mock->stats().requests, 1);
    }

    void clientGoneWhileQueuedCancelsTheTicket()
    {
        ProxyFixture f;
        f.pool().maxConcurrent = 1;
        QVERIFY(f.start());
        f.mock->addFault(MockFault::of(MockFault::Kind::PauseAfterEvents, 2));
        QNetworkReply *holder = f.postMessages(true, "alice");
        QSignalSpy paused(f.mock.get(), &MockProvider::streamPaused);
        QVERIFY(paused.wait(5000));
        QNetworkReply *waiting = f.postMessages(false, "bob");
        QTRY_COMPARE(f.poolStatus().waiting, 1);
        waiting->abort();
        QTRY_COMPARE_WITH_TIMEOUT(f.poolStatus().waiting, 0, 5000);
        QTRY_COMPARE(f.outcomes.size(), 1);
        QCOMPARE(f.outcomes.first().ending, u"client_gone"_s);
        QVERIFY(!f.outcomes.first().released);  // a ticket holds no slot to release
        f.mock->resumePausedStreams();
        QVERIFY(ProxyFixture::finish(holder));
        QTRY_COMPARE(f.poolStatus().inUse, 0);
        QCOMPARE(f.mock->stats().requests, 1);
    }

    void moreThanSixUpstreamCallsAtOnce()
    {
        // One QNetworkAccessManager opens at most six connections per host; a pool of eight
        // slots must still reach eight concurrent upstream calls.
        constexpr int kSlots = 8;
        ProxyFixture f;
        f.pool().maxConcurrent = kSlots;
        f.mockConfig.maxConcurrent = kSlots;
        QVERIFY(f.start());
        QSignalSpy paused(f.mock.get(), &MockProvider::streamPaused);
        std::vector<std::unique_ptr<QNetworkAccessManager>> clients;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < kSlots; ++i) {
            f.mock->addFault(MockFault::of(MockFault::Kind::PauseAfterEvents, 1));
            clients.push_back(std::make_unique<QNetworkAccessManager>());
            QNetworkRequest request(f.server->baseUrl().resolved(QUrl(u"/proxy/anthropic/v1/messages"_s)));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
            request.setRawHeader("x-api-key", ProxyFixture::kClientKey);
            request.setRawHeader("X-Sluice-User", "user-" + QByteArray::number(i));
            replies.append(clients.back()->post(request, ProxyFixture::messagesBody(true)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(f.mock->stats().active, kSlots, 5000);
        QCOMPARE(f.poolStatus().inUse, kSlots);
        QCOMPARE(f.poolStatus().waiting, 0);
        // Every stream at its pause before resuming: one that pauses later is never resumed.
        QTRY_COMPARE_WITH_TIMEOUT(paused.count(), kSlots, 5000);
        f.mock->resumePausedStreams();
        for (QNetworkReply *reply : std::as_const(replies)) {
            QVERIFY(ProxyFixture::finish(reply));
            QCOMPARE(ProxyFixture::status(reply), 200);
        }
        QCOMPARE(f.mock->stats().maxActive, kSlots);
        QTRY_COMPARE(f.poolStatus().inUse, 0);
    }

    void rejectionsCarryCodeAndRetryAfter_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("queue full") << u"QUEUE_FULL"_s;
        QTest::newRow("daily quota") << u"USER_LIMIT_EXCEEDED"_s;
    }

    void rejectionsCarryCodeAndRetryAfter()
    {
        QFETCH(QString, code);
        ProxyFixture f;
        if (code == u"QUEUE_FULL"_s) {
            f.pool().maxConcurrent = 1;
            f.pool().maxQueueLength = 0;
        } else {
            f.config.tiers.first().dailyRequests = 1;
        }
        QVERIFY(f.start());
        f.mock->addFault(MockFault::of(MockFault::Kind::PauseAfterEvents, 2));
        QNetworkReply *first = f.postMessages(true, "alice");
        QSignalSpy paused(f.mock.get(), &MockProvider::streamPaused);
        QVERIFY(paused.wait(5000));
        QNetworkReply *second = f.postMessages(false, "alice");
        QVERIFY(ProxyFixture::finish(second));
        QCOMPARE(ProxyFixture::status(second), 429);
        const QJsonObject error = ProxyFixture::json(second->readAll());
        QCOMPARE(error.value(u"error"_s).toString(), code);
        QVERIFY(!error.value(u"message"_s).toString().isEmpty());
        QVERIFY(second->hasRawHeader("retry-after"));
        QCOMPARE(second->rawHeader("retry-after").toLongLong(),
                 error.value(u"retryAfter"_s).toInteger());
        QVERIFY(error.value(u"retryAfter"_s).toInteger() > 0);
        if (code == u"USER_LIMIT_EXCEEDED"_s)
            QCOMPARE(error.value(u"resetTime"_s).toString(), u"2026-01-02T00:00:00Z"_s);
        f.mock->resumePausedStreams();
        QVERIFY(ProxyFixture::finish(first));
        QTRY_COMPARE(f.poolStatus().inUse, 0);
        QCOMPARE(f.mock->stats().requests, 1);
    }
};

QTEST_GUILESS_MAIN(TestProxySlots)
#include "tst_proxyslots.moc"
