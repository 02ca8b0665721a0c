// The data directory and the database are readable by their owner only (SPEC section 4):
// created so, and tightened when an older version left them 0755 / 0644.

#include "ResultChecks.h"
#include "RuntimeFixture.h"
#include "store/Store.h"
#include "store/StoreBatch.h"
#include "util/PrivateFiles.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

int modeOf(const QString &path)
{
    struct stat info
    {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

} // namespace

class TestPrivateFiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { ::umask(022); }

    void newDirectoryIsOwnerOnly()
    {
        QTemporaryDir temp;
        const QString dir = temp.filePath(u"a/b/data"_s);
        QVERIFY_OK(makePrivateDirectory(dir));
        QCOMPARE(modeOf(dir), 0700);
    }

    void existingDirectoryIsTightened()
    {
        QTemporaryDir temp;
        const QString dir = temp.filePath(u"data"_s);
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(::chmod(QFile::encodeName(dir).constData(), 0755) == 0);
        QVERIFY_OK(makePrivateDirectory(dir));
        QCOMPARE(modeOf(dir), 0700);
    }

    void directoryErrorNamesIt()
    {
        QTemporaryDir temp;
        const QString file = temp.filePath(u"plain-file"_s);
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const Result<Done> made = makePrivateDirectory(file + u"/data"_s);
        QVERIFY(!made);
        QCOMPARE(made.error().code, errors::kFileFailed);
        QVERIFY2(made.error().message.contains(file), qPrintable(made.error().message));
    }

    void databaseAndWalAreOwnerOnly()
    {
        QTemporaryDir temp;
        const QString path = temp.filePath(u"sluice.db"_s);
        Store store;
        QVERIFY_OK(store.open(path));
        StoreBatch batch;
        batch.setMeta(u"k"_s, u"v"_s);
        QVERIFY_OK(store.commit(batch));
        QCOMPARE(modeOf(path), 0600);
        QVERIFY(QFileInfo::exists(path + u"-wal"_s));
        QCOMPARE(modeOf(path + u"-wal"_s), 0600);
        QCOMPARE(modeOf(path + u"-shm"_s), 0600);
    }

    void existingDatabaseIsTightened()
    {
        QTemporaryDir temp;
        const QString path = temp.filePath(u"sluice.db"_s);
        {
            Store store;
            QVERIFY_OK(store.open(path));
        }
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        Store store;
        QVERIFY_OK(store.open(path));
        QCOMPARE(modeOf(path), 0600);
    }

    void runtimeDataDirectoryIsOwnerOnly()
    {
        RuntimeFixture fixture;
        QString error;
        QVERIFY2(fixture.open(&error), qPrintable(error));
        const QString data = fixture.dir.filePath(u"data"_s);
        QCOMPARE(modeOf(data), 0700);
        QCOMPARE(modeOf(data + u"/sluice.db"_s), 0600);
    }
};

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "tst_privatefiles.moc"
