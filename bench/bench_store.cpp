// Commit throughput of the store for batches of 1000 mixed operations, committed directly
// through Store and through StoreWriter, with both durability settings.
// Usage: bench_store [batches]
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
        row.seq = firstId + i;
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

void report(const char *what, int batches, qint64 ns)
{
    const double seconds = double(ns) / 1e9;
    std::printf("%-44s %8.2f ms/batch %10.0f ops/s\n", what, seconds * 1000 / batches,
                batches * opsPerBatch / seconds);
}

bool benchStore(const QString &path, StoreOptions options, int batches, const char *what)
{
    QList<StoreBatch> prepared;
    for (int i = 0; i < batches; ++i)
        prepared.append(mixedBatch(i));
    Store store(options);
    QString error;
    if (!store.open(path, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    for (const StoreBatch &batch : std::as_const(prepared)) {
        if (!store.commit(batch, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return false;
        }
    }
    report(what, batches, timer.nsecsElapsed());
    return true;
}

bool benchWriter(const QString &path, StoreOptions options, int batches, const char *what)
{
    QList<StoreBatch> prepared;
    for (int i = 0; i < batches; ++i)
        prepared.append(mixedBatch(i));
    StoreWriter writer(path, options);
    QString error;
    if (!writer.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    qint64 submitNs = 0;
    for (StoreBatch &batch : prepared) {
        QElapsedTimer submitTimer;
        submitTimer.start();
        writer.submit(std::move(batch));
        submitNs += submitTimer.nsecsElapsed();
    }
    if (!writer.waitForCommitted(quint64(batches), 600000)) {
        std::fprintf(stderr, "writer did not finish\n");
        return false;
    }
    report(what, batches, timer.nsecsElapsed());
    std::printf("%-44s %8.1f us/batch (engine thread)\n", "  submit()", submitNs / 1e3 / batches);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int batches = argc > 1 ? qMax(1, QByteArray(argv[1]).toInt()) : 200;
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    const StoreOptions normal;
    StoreOptions full;
    full.durability = StoreOptions::Durability::PowerLoss;
    std::printf("%d batches of %d mixed operations\n", batches, opsPerBatch);
    const bool ok =
        benchStore(dir.filePath(u"a.db"_s), normal, batches, "Store::commit, synchronous=NORMAL") &&
        benchStore(dir.filePath(u"b.db"_s), full, batches, "Store::commit, synchronous=FULL") &&
        benchWriter(dir.filePath(u"c.db"_s), normal, batches, "StoreWriter, synchronous=NORMAL") &&
        benchWriter(dir.filePath(u"d.db"_s), full, batches, "StoreWriter, synchronous=FULL");
    return ok ? 0 : 1;
}
