// RequestSecret::generate(): the random part of every admitted request, drawn from the
// kernel's CSPRNG through a buffer that is refilled every 170 requests.
#include "engine/RequestId.h"

#include <QSet>
#include <QTest>

#include <bit>

using namespace sluice;

class TestRequestSecret : public QObject
{
    Q_OBJECT

private slots:
    void everySecretIsNewAcrossManyRefills()
    {
        // 10,000 secrets read the buffer 59 times: no two parts repeat, none is all zero.
        constexpr int kCount = 10'000;
        QSet<QByteArray> seen;
        for (int i = 0; i < kCount; ++i) {
            const RequestSecret secret = RequestSecret::generate();
            QVERIFY(!secret.isNull());
            QVERIFY(secret.idPart != secret.tokenPart);
            const QByteArray bytes = secret.toBytes();
            QCOMPARE(bytes.size(), 2 * RequestSecret::kPartBytes);
            seen.insert(bytes.left(RequestSecret::kPartBytes));
            seen.insert(bytes.mid(RequestSecret::kPartBytes));
            QCOMPARE(RequestSecret::fromBytes(bytes), secret);
        }
        QCOMPARE(seen.size(), 2 * kCount);
    }

    void theBitsAreBalanced()
    {
        // A buffer handed out twice, or left zeroed, would skew this far beyond its spread:
        // 1,920,000 fair bits have a standard deviation of about 700 ones.
        constexpr int kCount = 10'000;
        qint64 ones = 0;
        for (int i = 0; i < kCount; ++i) {
            const RequestSecret secret = RequestSecret::generate();
            for (const quint8 byte : secret.idPart)
                ones += std::popcount(byte);
            for (const quint8 byte : secret.tokenPart)
                ones += std::popcount(byte);
        }
        const qint64 bits = qint64(kCount) * 2 * RequestSecret::kPartBytes * 8;
        QVERIFY2(qAbs(ones - bits / 2) < 10'000, qPrintable(QString::number(ones)));
    }
};

QTEST_APPLESS_MAIN(TestRequestSecret)
#include "tst_requestsecret.moc"
