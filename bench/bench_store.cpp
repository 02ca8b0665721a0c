// Commit throughput of the store for batches of 1000 mixed operations (and latency for
// batches of 10), committed through Store and through StoreWriter, with both durability
// settings.
// Usage: bench_store [batches]   (default 200)
#include "store/Store.h"
#include "store/StoreWriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

constexpr int opsPerBatch = 1000;

// 600 usage deltas over 5000 users, 200 request puts, 150 removals of earlier puts,
// 40 audit entries, 10 meta/tier/alert writes.
StoreBatch mixedBatch(int index)
{
    StoreBatch batch;
    const quint64 firstId = quint64(index) * 200 + 1;
    for (int i = 0; i < 600; ++i) {
        const int user = (index * 600 + i) % 5000;
        batch.addUsage(UsageDelta{20000, u"pool%1"_s.arg(user % 3), u"user%1"_s.arg(user),
                                  u"tier%1"_s.arg(user % 4), 1, 1500, 800, 16'500'000});
    }
    for (quint64 i = 0; i < 200; ++i) {
        RequestRow row;
        row.id = firstId + i;
        row.pool = u"pool1"_s;
        row.user = u"user%1"_s.arg(i);
        row.tier = u"pro"_s;
        row.tokens = 1000;
        row.arrival = firstId + i;
        batch.putRequest(row);
    }
    for (quint64 i = 0; i < 150 && firstId > 200; ++i)
        batch.removeRequest(firstId - 200 + i);
    for (int i = 0; i < 40; ++i) {
        AuditEntry entry;
        entry.at = index * 1000 + i;
        entry.actor = u"bench"_s;
        entry.action = u"pool.pause"_s;
        entry.target = u"pool1"_s;
        batch.appendAudit(entry);
    }
    for (int i = 0; i < 4; ++i)
        batch.setUserTier(u"user%1"_s.arg(index * 4 + i), u"basic"_s);
    for (int i = 0; i < 3; ++i) {
        AlertRecord alert;
        alert.id = index * 3 + i + 1;
        alert.ruleId = u"rule"_s;
        batch.putAlert(alert);
    }
    for (int i = 0; i < 3; ++i)
        batch.setMeta(u"key%1"_s.arg(i), QString::number(index));
    return batch;
}

QList<StoreBatch> prepareBatches(int count, int opsLimit)
{
    QList<StoreBatch> batches;
    for (int i = 0; i < count; ++i) {
        StoreBatch batch = mixedBatch(i);
        if (opsLimit < opsPerBatch) {
            StoreBatch small;
            for (int k = 0; k < opsLimit; ++k)
                small.addUsage(batch.usage().at(k));
            batch = std::move(small);
        }
        batches.append(std::move(batch));
    }
    return batches;
}

void report(const QString &what, int batches, int opsEach, qint64 ns)
{
    const double seconds = double(ns) / 1e9;
    std::printf("%-52s %8.3f ms/batch %9.0f ops/s\n", qPrintable(what), seconds * 1000 / batches,
                batches * opsEach / seconds);
}

QString durabilityName(const StoreOptions &options)
{
    return options.durability == StoreOptions::Durability::PowerLoss ? u"FULL"_s : u"NORMAL"_s;
}

// One transaction per batch, on the calling thread.
bool benchStore(const QString &path, StoreOptions options, int count, int opsEach)
{
    const QList<StoreBatch> batches = prepareBatches(count, opsEach);
    Store store(options);
    if (const Result<Done> opened = store.open(path); !opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    for (const StoreBatch &batch : batches) {
        if (const Result<Done> committed = store.commit(batch); !committed) {
            std::fprintf(stderr, "%s\n", qPrintable(committed.error().message));
            return false;
        }
    }
    report(u"Store::commit, %1 ops, %2"_s.arg(opsEach).arg(durabilityName(options)), count, opsEach,
           timer.nsecsElapsed());
    return true;
}

// Through the writer: either each batch waited for before the next (no merging), or all
// submitted at once (group commit merges them).
bool benchWriter(const QString &path, StoreOptions options, int count, bool burst)
{
    QList<StoreBatch> batches = prepareBatches(count, opsPerBatch);
    StoreWriter writer(path, options);
    int transactions = 0;
    QObject::connect(&writer, &StoreWriter::committed, &writer, [&] { ++transactions; });
    if (const Result<Done> started = writer.start(); !started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error().message));
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    qint64 submitNs = 0;
    for (StoreBatch &batch : batches) {
        QElapsedTimer submitTimer;
        submitTimer.start();
        const quint64 seq = writer.submit(std::move(batch));
        submitNs += submitTimer.nsecsElapsed();
        if (!burst && !writer.waitForCommitted(seq, 600000))
            return false;
    }
    if (!writer.waitForCommitted(quint64(count), 600000))
        return false;
    const qint64 elapsed = timer.nsecsElapsed();
    QCoreApplication::processEvents();
    report(
        u"StoreWriter %1, %2"_s.arg(burst ? u"burst"_s : u"one by one"_s, durabilityName(options)),
        count, opsPerBatch, elapsed);
    std::printf("    %d transactions, submit() %.1f us/batch on the caller's thread\n",
                transactions, double(submitNs) / 1e3 / count);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? qMax(1, QByteArray(argv[1]).toInt()) : 200;
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    const StoreOptions normal;
    StoreOptions full;
    full.durability = StoreOptions::Durability::PowerLoss;
    int file = 0;
    auto path = [&dir, &file] {
        return dir.filePath(u"bench%1.db"_s.arg(++file));
    };
    std::printf("%d batches; mixed batches have %d operations\n", count, opsPerBatch);
    bool ok = true;
    for (const StoreOptions &options : {normal, full}) {
        ok = ok && benchStore(path(), options, count, opsPerBatch) &&
             benchStore(path(), options, count, 10) && benchWriter(path(), options, count, false) &&
             benchWriter(path(), options, count, true);
    }
    return ok ? 0 : 1;
}
