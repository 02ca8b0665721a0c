#include "GatewayFixture.h"
#include "LocalStack.h"

#include "backend/ApiBackend.h"
#include "main/DashboardView.h"
#include "remote/RemoteTransport.h"
#include "widgets/StaleStrip.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::GatewayFixture;
using sluice::test::LocalStack;

/// A remote gateway that goes away (issue 11, Trust 3): its pages keep the last numbers but
/// fade them, and a strip on the page says how old they are and when the next attempt comes,
/// with "Retry now"; once the gateway is back and a fresh snapshot arrived, the marking clears.
/// A real gateway on 127.0.0.1 (stopped and started again on the same port); time is the
/// gateway's ManualClock, on which the transport's retries run too (nothing waits for time).
class TestStaleGateway : public QObject
{
    Q_OBJECT

    struct Remote
    {
        GatewayFixture f;
        Scheduler timers{f.clock, false};
        quint16 port = 0;
        QByteArray key;
        std::unique_ptr<RemoteTransport> transport;
        std::unique_ptr<ApiBackend> backend;

        /// Retries far apart (16-24 s, then twice that), Unreachable from the first failure.
        bool connect(QByteArray useKey = {})
        {
            if (!f.start())
                return false;
            port = f.gateway->port();
            key = useKey.isEmpty() ? f.createKey(Role::Operator) : useKey;
            RemoteSettings s;
            s.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
            s.apiKey = QString::fromLatin1(key);
            s.firstRetryMs = 20'000;
            s.retryFactor = 2;
            s.maxRetryMs = 60'000;
            s.unreachableAfter = 0;
            s.requestTimeoutMs = 5'000;
            transport = std::make_unique<RemoteTransport>(s, timers);
            backend = std::make_unique<ApiBackend>(*transport, u"Remote"_s, f.clock);
            return true;
        }
        bool restart()
        {
            GatewayOptions again = f.options();
            again.http.port = port;
            return f.start(again);
        }
        void advance(qint64 ms)
        {
            f.clock.advance(ms);
            timers.advance();
            if (f.gateway)
                f.gateway->advance();
        }
        ConnectionState state() const { return backend->connectionState(); }
    };

    /// "retrying in N s" as the strip rounds it (up to whole seconds).
    static QString countdown(const Remote &r)
    {
        const qint64 left = r.transport->nextRetryAt() - r.f.clock.now();
        return u" · retrying in %1 s"_s.arg((left + 999) / 1000);
    }

private slots:
    void deadGatewayIsMarkedStaleUntilAFreshSnapshot()
    {
        Remote r;
        QVERIFY(r.connect());
        DashboardView view(*r.backend, r.f.clock);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        StaleStrip *strip = view.staleStrip();
        QTRY_COMPARE(r.backend->follower().snapshotsApplied(), quint64(1));
        QVERIFY(!strip->isVisible());
        QVERIFY(!view.pagesFaded());

        r.f.gateway.reset();
        QTRY_COMPARE(r.state(), ConnectionState::Unreachable);
        const TimeMs lostAt = r.f.clock.now();
        QCOMPARE(r.backend->lastUpdate(), lostAt);
        QCOMPARE(r.transport->nextRetryAt(), lostAt + r.transport->scheduledRetryMs());
        r.advance(Staleness::kStaleAfterMs - 1); // a blip is not stale yet
        strip->refresh();
        QVERIFY(!strip->isVisible());
        QVERIFY(!view.pagesFaded());

        r.advance(6'000 - (Staleness::kStaleAfterMs - 1));
        strip->refresh();
        QVERIFY(strip->isVisible());
        QVERIFY(view.pagesFaded());
        QCOMPARE(strip->text(), u"Gateway unreachable · last update 6 s ago"_s + countdown(r));
        r.advance(8'000); // the display ticks with the clock; the first retry is 16 s or more
        strip->refresh();
        QCOMPARE(strip->text(), u"Gateway unreachable · last update 14 s ago"_s + countdown(r));
        QVERIFY(strip->retryButton()->isEnabled());

        // Retry now, the gateway still down: one attempt at once, then the next is scheduled.
        QSignalSpy retries(r.transport.get(), &RemoteTransport::retryScheduled);
        const int failedBefore = r.transport->failedAttempts();
        QTest::mouseClick(strip->retryButton(), Qt::LeftButton);
        QCOMPARE(r.transport->nextRetryAt(), TimeMs(0));
        QCOMPARE(strip->text(), u"Gateway unreachable · last update 14 s ago"_s);
        QVERIFY(!strip->retryButton()->isEnabled());
        QTRY_COMPARE(retries.size(), 1);
        QCOMPARE(r.transport->failedAttempts(), failedBefore + 1);
        QVERIFY(r.transport->nextRetryAt() > r.f.clock.now());

        // Back on the same port: Retry now connects without waiting for the schedule.
        QVERIFY(r.restart());
        strip->refresh();
        bool staleWhenConnected = false; // until a fresh snapshot comes, the data are old
        connect(r.backend.get(), &Backend::connectionStateChanged, this, [&](ConnectionState s) {
            if (s == ConnectionState::Connected)
                staleWhenConnected = strip->isStale();
        });
        QTest::mouseClick(strip->retryButton(), Qt::LeftButton);
        QTRY_COMPARE(r.state(), ConnectionState::Connected);
        QVERIFY(staleWhenConnected);
        QTRY_COMPARE(r.backend->follower().snapshotsApplied(), quint64(2));
        QVERIFY(!strip->isVisible());
        QVERIFY(!view.pagesFaded());
        QCOMPARE(r.backend->lastUpdate(), r.f.clock.now());
    }

    void refusedKeySaysSoWithoutCountdown()
    {
        Remote r;
        QVERIFY(r.connect("sk_000000000000_bad"));
        DashboardView view(*r.backend, r.f.clock);
        view.show();
        QVERIFY(QTest::qWaitFor(
            [&] {
                r.advance(100); // the gateway holds the answer to a bad key (AuthThrottle)
                return r.state() == ConnectionState::AuthFailed;
            },
            10'000));
        QVERIFY(view.staleStrip()->isVisible());
        QCOMPARE(view.staleStrip()->text(), u"Key rejected · no data yet"_s);
        QVERIFY(view.staleStrip()->retryButton()->isEnabled());
        QCOMPARE(r.backend->nextRetryAt(), TimeMs(0));

        QTest::mouseClick(view.staleStrip()->retryButton(), Qt::LeftButton); // a key fixed since?
        QCOMPARE(r.state(), ConnectionState::Connecting);
        QVERIFY(QTest::qWaitFor(
            [&] {
                r.advance(100);
                return r.state() == ConnectionState::AuthFailed;
            },
            10'000));
        QCOMPARE(view.staleStrip()->text(), u"Key rejected · no data yet"_s);
    }

    void localEngineIsNeverStale()
    {
        LocalStack local;
        QVERIFY(local.backend);
        DashboardView view(*local.backend, local.fixture.clock);
        local.fixture.clock.advance(10 * 60'000); // nothing changed for ten minutes
        view.staleStrip()->refresh();
        QCOMPARE(local.backend->lastUpdate(), local.fixture.clock.now());
        QVERIFY(!view.staleStrip()->isStale());
        QVERIFY(!view.pagesFaded());
    }
};

QTEST_MAIN(TestStaleGateway)
#include "tst_stalegateway.moc"
