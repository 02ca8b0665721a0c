#include "retry/RetryPolicy.h"

#include <QTest>

#include <climits>
#include <cmath>
#include <memory>

using namespace sluice;

namespace {
constexpr TimeMs kNow = 1'700'000'000'000; // Tue, 14 Nov 2023 22:13:20 GMT
constexpr qint64 kNone = -1;
constexpr double kAlmostOne = 0.999999999;

RetrySettings settings(int maxRetries, int baseDelayMs, int maxDelayMs, double factor)
{
    RetrySettings s;
    s.maxRetries = maxRetries;
    s.baseDelayMs = baseDelayMs;
    s.maxDelayMs = maxDelayMs;
    s.backoffFactor = factor;
    return s;
}

// A random source whose next value the test sets.
struct FixedRandom
{
    std::shared_ptr<double> value = std::make_shared<double>(0.0);
    RetryPolicy::RandomSource source() const
    {
        return [v = value] {
            return *v;
        };
    }
};

const UpstreamResult kTooManyRequests = UpstreamResult::fromStatus(429);
} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void backoffGrowsExponentiallyUpToTheCap_data()
    {
        QTest::addColumn<int>("retriesDone");
        QTest::addColumn<qint64>("ceiling");
        QTest::newRow("first retry") << 0 << qint64(1000);
        QTest::newRow("second") << 1 << qint64(2000);
        QTest::newRow("third") << 2 << qint64(4000);
        QTest::newRow("fourth") << 3 << qint64(8000);
        QTest::newRow("fifth") << 4 << qint64(16000);
        QTest::newRow("capped") << 5 << qint64(30000);
        QTest::newRow("stays capped") << 9 << qint64(30000);
    }

    void backoffGrowsExponentiallyUpToTheCap()
    {
        QFETCH(int, retriesDone);
        QFETCH(qint64, ceiling);
        FixedRandom random;
        const RetryPolicy policy(settings(10, 1000, 30000, 2.0), random.source());
        QCOMPARE(policy.backoffCeilingMs(retriesDone), ceiling);

        *random.value = 0.0;
        QCOMPARE(policy.delayBeforeRetryMs(retriesDone, kTooManyRequests, kNow).value_or(kNone), 0);

        *random.value = 0.5;
        QCOMPARE(policy.delayBeforeRetryMs(retriesDone, kTooManyRequests, kNow).value_or(kNone),
                 ceiling / 2);

        *random.value = kAlmostOne;
        const qint64 nearCap =
            policy.delayBeforeRetryMs(retriesDone, kTooManyRequests, kNow).value_or(kNone);
        QVERIFY2(nearCap >= ceiling - 1 && nearCap < ceiling, qPrintable(QString::number(nearCap)));
    }

    void factorOneKeepsTheBaseDelay()
    {
        FixedRandom random;
        *random.value = kAlmostOne;
        const RetryPolicy policy(settings(10, 1500, 30000, 1.0), random.source());
        for (int retriesDone = 0; retriesDone < 10; ++retriesDone) {
            QCOMPARE(policy.backoffCeilingMs(retriesDone), 1500);
            QCOMPARE(policy.delayBeforeRetryMs(retriesDone, kTooManyRequests, kNow).value_or(kNone),
                     1499);
        }
    }

    void hugeAttemptsDoNotOverflow_data()
    {
        QTest::addColumn<double>("factor");
        QTest::addColumn<int>("retriesDone");
        QTest::newRow("factor 5, attempt 10") << 5.0 << 10;
        QTest::newRow("factor 5, attempt 100") << 5.0 << 100;
        QTest::newRow("factor 5, attempt INT_MAX") << 5.0 << INT_MAX;
        QTest::newRow("factor 1.0001, attempt INT_MAX") << 1.0001 << INT_MAX;
    }

    void hugeAttemptsDoNotOverflow()
    {
        QFETCH(double, factor);
        QFETCH(int, retriesDone);
        FixedRandom random;
        *random.value = kAlmostOne;
        const RetryPolicy policy(settings(10, 10000, 120000, factor), random.source());
        QCOMPARE(policy.backoffCeilingMs(retriesDone), 120000);
    }

    void retriesAreBounded()
    {
        FixedRandom random;
        const RetryPolicy policy(settings(3, 1000, 30000, 2.0), random.source());
        QVERIFY(policy.delayBeforeRetryMs(0, kTooManyRequests, kNow));
        QVERIFY(policy.delayBeforeRetryMs(2, kTooManyRequests, kNow));
        QCOMPARE(policy.delayBeforeRetryMs(3, kTooManyRequests, kNow), std::nullopt);
        QCOMPARE(policy.delayBeforeRetryMs(INT_MAX, kTooManyRequests, kNow), std::nullopt);
        // A negative count is the first retry.
        QCOMPARE(policy.delayBeforeRetryMs(-4, kTooManyRequests, kNow).value_or(kNone), 0);

        const RetryPolicy never(settings(0, 1000, 30000, 2.0), random.source());
        QCOMPARE(never.delayBeforeRetryMs(0, kTooManyRequests, kNow), std::nullopt);
    }

    void statuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("retryable");
        QTest::newRow("429 too many requests") << 429 << true;
        QTest::newRow("529 overloaded") << 529 << true;
        QTest::newRow("502 bad gateway") << 502 << true;
        QTest::newRow("503 unavailable") << 503 << true;
        QTest::newRow("504 gateway timeout") << 504 << true;
        QTest::newRow("200 ok") << 200 << false;
        QTest::newRow("400 bad request") << 400 << false;
        QTest::newRow("401 unauthorized") << 401 << false;
        QTest::newRow("403 forbidden") << 403 << false;
        QTest::newRow("404 not found") << 404 << false;
        QTest::newRow("408 request timeout") << 408 << false;
        QTest::newRow("413 too large") << 413 << false;
        QTest::newRow("500 internal error") << 500 << false;
        QTest::newRow("501 not implemented") << 501 << false;
        QTest::newRow("0") << 0 << false;
    }

    void statuses()
    {
        QFETCH(int, status);
        QFETCH(bool, retryable);
        FixedRandom random;
        const RetryPolicy policy(settings(3, 1000, 30000, 2.0), random.source());
        const UpstreamResult result = UpstreamResult::fromStatus(status);
        QCOMPARE(RetryPolicy::isRetryable(result), retryable);
        QCOMPARE(policy.delayBeforeRetryMs(0, result, kNow).has_value(), retryable);
    }

    void connectionErrorsAreRetried()
    {
        FixedRandom random;
        *random.value = 0.25;
        const RetryPolicy policy(settings(3, 1000, 30000, 2.0), random.source());
        QVERIFY(RetryPolicy::isRetryable(UpstreamResult::fromConnectionError()));
        QCOMPARE(policy.delayBeforeRetryMs(1, UpstreamResult::fromConnectionError(), kNow)
                     .value_or(kNone),
                 500);
        QVERIFY(!RetryPolicy::isRetryable(UpstreamResult{}));
    }

    void upstreamHintWins_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<QByteArray>("retryAfterMs");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("seconds") << 429 << QByteArray("7") << QByteArray() << qint64(7000);
        QTest::newRow("longer than max delay")
            << 429 << QByteArray("120") << QByteArray() << qint64(120000);
        QTest::newRow("zero") << 503 << QByteArray("0") << QByteArray() << qint64(0);
        QTest::newRow("HTTP date")
            << 503 << QByteArray("Tue, 14 Nov 2023 22:13:50 GMT") << QByteArray() << qint64(30000);
        QTest::newRow("past date")
            << 529 << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << QByteArray() << qint64(0);
        QTest::newRow("capped at ten minutes")
            << 429 << QByteArray("3600") << QByteArray() << RetryPolicy::kMaxUpstreamDelayMs;
        QTest::newRow("huge is capped") << 429 << QByteArray("99999999999999999999999")
                                        << QByteArray() << RetryPolicy::kMaxUpstreamDelayMs;
        QTest::newRow("retry-after-ms wins over Retry-After")
            << 429 << QByteArray("7") << QByteArray("1234") << qint64(1234);
        QTest::newRow("retry-after-ms alone")
            << 429 << QByteArray() << QByteArray("20") << qint64(20);
        QTest::newRow("malformed retry-after-ms falls back to Retry-After")
            << 429 << QByteArray("7") << QByteArray("soon") << qint64(7000);
        QTest::newRow("malformed hint falls back to backoff")
            << 429 << QByteArray("whenever") << QByteArray() << qint64(500);
        QTest::newRow("hint on a non-retryable status")
            << 400 << QByteArray("7") << QByteArray() << kNone;
    }

    void upstreamHintWins()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, retryAfter);
        QFETCH(QByteArray, retryAfterMs);
        QFETCH(qint64, expected);
        FixedRandom random;
        *random.value = 0.5;
        const RetryPolicy policy(settings(3, 1000, 30000, 2.0), random.source());
        const UpstreamResult result = UpstreamResult::fromStatus(status, retryAfter, retryAfterMs);
        QCOMPARE(policy.delayBeforeRetryMs(0, result, kNow).value_or(kNone), expected);
    }

    void hintDoesNotExtendRetries()
    {
        FixedRandom random;
        const RetryPolicy policy(settings(1, 1000, 30000, 2.0), random.source());
        QCOMPARE(policy.delayBeforeRetryMs(1, UpstreamResult::fromStatus(429, "1"), kNow),
                 std::nullopt);
    }

    void randomSourceOutOfRangeIsClamped_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("one") << 1.0 << qint64(3999);
        QTest::newRow("above one") << 7.5 << qint64(3999);
        QTest::newRow("negative") << -0.5 << qint64(0);
        QTest::newRow("NaN") << std::nan("") << qint64(0);
    }

    void randomSourceOutOfRangeIsClamped()
    {
        QFETCH(double, value);
        QFETCH(qint64, expected);
        FixedRandom random;
        *random.value = value;
        const RetryPolicy policy(settings(3, 1000, 30000, 2.0), random.source());
        QCOMPARE(policy.delayBeforeRetryMs(2, kTooManyRequests, kNow).value_or(kNone), expected);
    }

    void defaultRandomSourceJitters()
    {
        const RetryPolicy policy(settings(3, 1000, 30000, 2.0));
        QSet<qint64> seen;
        for (int i = 0; i < 200; ++i) {
            const qint64 delay =
                policy.delayBeforeRetryMs(1, kTooManyRequests, kNow).value_or(kNone);
            QVERIFY2(delay >= 0 && delay < 2000, qPrintable(QString::number(delay)));
            seen.insert(delay);
        }
        QVERIFY2(seen.size() > 20, "full jitter should spread the delays");
    }

    void outOfRangeSettingsAreClamped()
    {
        FixedRandom random;
        *random.value = kAlmostOne;
        const RetryPolicy policy(settings(-1, -1000, -5, std::nan("")), random.source());
        QCOMPARE(policy.settings().maxRetries, 0);
        QCOMPARE(policy.settings().backoffFactor, 1.0);
        QCOMPARE(policy.backoffCeilingMs(3), 0);

        const RetryPolicy shrinking(settings(3, 1000, 30000, 0.5), random.source());
        QCOMPARE(shrinking.backoffCeilingMs(3), 1000);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
