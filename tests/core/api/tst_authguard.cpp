// SPEC section 4, "Safe defaults": repeated bad keys from one address are slowed down, however
// they arrive (one by one or in parallel), and their bodies are not read or kept.

#include "RuntimeFixture.h"
#include "ServiceCall.h"

#include "api/ApiService.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

constexpr QByteArrayView kBadKey = "sk_000000000000_guessguessguessguessguessguessguessgue";
const QString kPeer = u"203.0.113.9"_s;

ApiService::Options throttled(const RuntimeFixture &fixture)
{
    ApiService::Options options;
    options.throttle = {100, 10'000, 600'000, 100};
    options.throttleClock = &fixture.clock;
    return options;
}

/// A head as the transport hands it over once it is in (no body yet).
std::unique_ptr<ServiceCall> head(ApiService &service, QByteArrayView key,
                                  const QString &peer = kPeer, bool *admitted = nullptr)
{
    auto call = ServiceCall::make();
    ApiRequest request =
        makeRequest(HttpMethod::Post, u"/v1/acquire"_s, {}, key.toByteArray(), peer);
    const bool ok = service.admitHead(request, *call->reply);
    if (admitted)
        *admitted = ok;
    return call;
}

} // namespace

class TestAuthGuard : public QObject
{
    Q_OBJECT

private slots:
    void aValidKeyDoesNotResetTheCount()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime, throttled(fixture));
        QString error;
        const QByteArray good = service.keys().create(u"app"_s, Role::Client)->key.toLatin1();
        auto first = head(service, kBadKey);
        QVERIFY(!first->answered);
        fixture.clock.advance(100);
        service.refuseDue();
        QCOMPARE(first->status, 401);
        bool admitted = false;
        head(service, good, kPeer, &admitted);
        QVERIFY(admitted); // the lock was over: a valid key is served...
        QCOMPARE(service.throttle().failures(kPeer), 1); // ...and does not clear the count
        auto second = head(service, kBadKey);
        fixture.clock.advance(100);
        service.refuseDue();
        QVERIFY(!second->answered); // 200 ms now, not 100 again
        fixture.clock.advance(100);
        service.refuseDue();
        QCOMPARE(second->status, 401);
        QCOMPARE(service.throttle().failures(kPeer), 2);
    }

    void parallelGuessesAreRefusedAtOnce()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime, throttled(fixture));
        std::vector<std::unique_ptr<ServiceCall>> calls;
        for (int i = 0; i < 1000; ++i) {
            bool admitted = true;
            calls.push_back(head(service, kBadKey, kPeer, &admitted));
            QVERIFY(!admitted); // no body is read for any of them
        }
        int refusedAtOnce = 0;
        for (const auto &call : calls) {
            if (call->answered) {
                QCOMPARE(call->status, 429);
                QCOMPARE(call->text("error"_L1), u"AUTH_THROTTLED"_s);
                QVERIFY(call->text("message"_L1).contains(u"bad API keys"_s));
                QCOMPARE(call->header("retry-after"), QByteArray("1"));
                ++refusedAtOnce;
            }
        }
        QCOMPARE(refusedAtOnce, 999);
        QCOMPARE(service.throttle().failures(kPeer), 1); // only one key was even looked at
        // Another address is not held back by this one.
        bool admitted = false;
        auto other = head(service, kBadKey, u"198.51.100.1"_s, &admitted);
        QVERIFY(!other->answered);
        QCOMPARE(service.heldRefusals(), 2);
    }

    void badKeyBodiesAreNotKept()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime, throttled(fixture));
        QByteArray body(1 << 20, 'x');
        auto call = ServiceCall::make();
        service.handle(
            makeRequest(HttpMethod::Post, u"/v1/acquire"_s, body, kBadKey.toByteArray(), kPeer),
            *call->reply);
        QVERIFY(!call->answered);   // held back...
        QVERIFY(body.isDetached()); // ...without its megabyte
        QCOMPARE(service.heldRefusals(), 1);
        QVERIFY(service.heldRefusalBytes() < 1024);
    }

    void guessRateIsBoundedPerAddress()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime, throttled(fixture));
        QString error;
        const QByteArray good = service.keys().create(u"app"_s, Role::Client)->key.toLatin1();
        int looked = 0; // bad keys answered 401: checked against the key store
        qsizetype mostHeld = 0;
        std::vector<std::unique_ptr<ServiceCall>> open;
        // One minute of 1,000 parallel guesses every 100 ms, and a valid request from the same
        // address every 5 s.
        for (int tick = 0; tick < 600; ++tick) {
            for (int i = 0; i < 1000; ++i) {
                auto call = head(service, kBadKey);
                if (!call->answered)
                    open.push_back(std::move(call));
                else
                    QCOMPARE(call->status, 429);
            }
            if (tick % 50 == 0) {
                bool admitted = false;
                auto call = head(service, good, kPeer, &admitted);
                QVERIFY(admitted || call->status == 429);
                QVERIFY(call->status != 401);
            }
            mostHeld = std::max(mostHeld, service.heldRefusals());
            fixture.clock.advance(100);
            service.refuseDue();
            for (auto it = open.begin(); it != open.end();) {
                if ((*it)->answered) {
                    QCOMPARE((*it)->status, 401);
                    ++looked;
                    it = open.erase(it);
                } else {
                    ++it;
                }
            }
        }
        qInfo() << "bad keys checked in one minute of 600,000 parallel guesses:" << looked;
        // Delays 0.1, 0.2, 0.4 ... 10 s: a dozen guesses in a minute, not 600,000.
        QVERIFY2(looked <= 12, qPrintable(QString::number(looked)));
        QVERIFY(looked >= 8);
        QCOMPARE(mostHeld, 1); // at most one refusal held per address
        // The valid requests in between did not reset the count.
        QCOMPARE(service.throttle().failures(kPeer), looked + int(open.size()));
    }
};

QTEST_GUILESS_MAIN(TestAuthGuard)
#include "tst_authguard.moc"
