// Kills a process that commits through a StoreWriter and checks that every batch it
// acknowledged survived. The test binary re-executes itself as the child: `--child DIR`.
#include "ResultChecks.h"
#include "store/Store.h"
#include "store/StoreWriter.h"

#include "tst_storesupport.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int usersPerBatch = 3;
constexpr int inFlight = 4;
constexpr quint64 maxBatches = 1000000;
constexpr int rounds = 3;
constexpr quint64 acksPerRound = 200;
constexpr int generousMs = 60000;

QString storePath(const QString &dir)
{
    return dir + u"/kill.db"_s;
}

// Batch n: usage for users n % 10 .. (n + 2) % 10 (requests 1, tokens n each), a put of
// request n, a removal of request n - 5, one audit entry and meta "batch" = n.
StoreBatch childBatch(quint64 n)
{
    StoreBatch batch;
    for (int k = 0; k < usersPerBatch; ++k) {
        batch.addUsage(UsageDelta{1, u"pool"_s, u"u%1"_s.arg((n + k) % 10), u"free"_s, 1, qint64(n),
                                  qint64(n), qint64(n) * 1000});
    }
    RequestRow row = requestRow(n, qint64(n));
    row.pool = u"pool"_s;
    row.arrival = n;
    batch.putRequest(row);
    if (n > 5)
        batch.removeRequest(n - 5);
    batch.appendAudit(auditEntry(qint64(n), u"batch"_s, QString::number(n)));
    batch.setMeta(u"batch"_s, QString::number(n));
    return batch;
}

// Resumes after the last batch in the store, then commits batches until killed and
// prints "ACK n" once batch n is committed.
int runChild(const QString &dir)
{
    quint64 base = 0;
    QString error;
    {
        Store store;
        if (!store.open(storePath(dir))) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        base = store.meta(u"batch"_s).value().value_or(u"0"_s).toULongLong();
    }
    StoreWriter writer(storePath(dir));
    if (const Result<Done> started = writer.start(); !started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error().message));
        return 1;
    }
    auto submitMore = [&writer, base] {
        while (writer.submittedSeq() < writer.committedSeq() + inFlight &&
               writer.submittedSeq() < maxBatches)
            writer.submit(childBatch(base + writer.submittedSeq() + 1));
    };
    quint64 acked = 0;
    QObject::connect(&writer, &StoreWriter::committed, &writer, [&](quint64 seq) {
        while (acked < seq)
            std::printf("ACK %llu\n", static_cast<unsigned long long>(base + ++acked));
        std::fflush(stdout);
        if (seq >= maxBatches)
            QCoreApplication::quit();
        submitMore();
    });
    submitMore();
    return QCoreApplication::exec();
}

} // namespace

class TestStoreKill : public QObject
{
    Q_OBJECT

private slots:
    void acknowledgedBatchesSurviveKill()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        quint64 stored = 0;
        for (int round = 0; round < rounds; ++round) {
            quint64 acked = 0;
            runAndKillChild(dir.path(), stored + 1, &acked);
            if (QTest::currentTestFailed())
                return;
            verifyStore(dir.path(), acked, &stored);
            if (QTest::currentTestFailed())
                return;
        }
    }

private:
    // Starts a child, reads acksPerRound acknowledgements starting at `firstAck`, kills the
    // child with SIGKILL and sets `lastAck` to the last batch acknowledged.
    void runAndKillChild(const QString &dir, quint64 firstAck, quint64 *lastAck)
    {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {u"--child"_s, dir});
        QVERIFY2(child.waitForStarted(generousMs), qPrintable(child.errorString()));
        *lastAck = firstAck - 1;
        while (*lastAck < firstAck - 1 + acksPerRound) {
            if (!child.canReadLine()) {
                QVERIFY2(child.waitForReadyRead(generousMs), "the child stopped acknowledging");
                continue;
            }
            const QByteArray line = child.readLine().trimmed();
            QVERIFY2(line.startsWith("ACK "), line.constData());
            QCOMPARE(line.mid(4).toULongLong(), *lastAck + 1);
            ++*lastAck;
        }
        child.kill();
        QVERIFY(child.waitForFinished(generousMs));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    }

    // Checks that the store holds exactly batches 1..n for some n >= acked (batches commit
    // whole and in order) and sets `stored` to n.
    void verifyStore(const QString &dir, quint64 acked, quint64 *stored)
    {
        Store store;
        QVERIFY_OK(store.open(storePath(dir)));
        QVERIFY_OK(store.checkIntegrity());
        const quint64 last = store.meta(u"batch"_s).value().value_or(u"0"_s).toULongLong();
        *stored = last;
        QVERIFY2(last >= acked, qPrintable(u"acked %1, stored %2"_s.arg(acked).arg(last)));

        const QHash<QString, UsageTotals> totals = store.usageTotalsByUser(1).value();
        for (int user = 0; user < 10; ++user)
            QCOMPARE(totals.value(u"u%1"_s.arg(user)), expectedUsage(user, last));

        QList<RequestId> ids;
        for (const RequestRow &row : store.loadRequests().value())
            ids.append(row.id);
        std::sort(ids.begin(), ids.end());
        QList<RequestId> expectedIds;
        for (quint64 n = last > 5 ? last - 4 : 1; n <= last; ++n)
            expectedIds.append(n);
        QCOMPARE(ids, expectedIds);

        QCOMPARE(store.maxAuditId().value(), qint64(last));
        const QList<AuditEntry> newest = store.audit(AuditQuery{.limit = 1}).value();
        QCOMPARE(newest.size(), 1);
        QCOMPARE(newest.first().detail, QString::number(last));
    }

    static UsageTotals expectedUsage(int user, quint64 last)
    {
        UsageTotals expected;
        for (quint64 n = 1; n <= last; ++n) {
            for (int k = 0; k < usersPerBatch; ++k) {
                if (int((n + k) % 10) != user)
                    continue;
                expected.requests += 1;
                expected.inputTokens += qint64(n);
                expected.outputTokens += qint64(n);
                expected.costNanoUsd += qint64(n) * 1000;
            }
        }
        return expected;
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const qsizetype child = args.indexOf(u"--child"_s);
    if (child >= 0 && child + 1 < args.size())
        return runChild(args.at(child + 1));
    TestStoreKill test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storekill.moc"
