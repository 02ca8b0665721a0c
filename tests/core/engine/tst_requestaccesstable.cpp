// RequestAccessTable: owners interned at 4 bytes a slot, secrets derived unless given (a
// request restored after a restart, or resumed from another replica, keeps its own).
#include "engine/RequestAccessTable.h"
#include "engine/RequestTable.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

RequestSecret given(quint8 fill)
{
    RequestSecret secret;
    secret.idPart.fill(fill);
    secret.tokenPart.fill(quint8(fill + 1));
    return secret;
}

} // namespace

class TestRequestAccessTable : public QObject
{
    Q_OBJECT

private slots:
    void ownersAreKeptPerSlotAndForgottenOnClear()
    {
        RequestAccessTable table;
        table.resize(3);
        table.setOwner(0, u"key-a"_s);
        table.setOwner(1, u"key-b"_s);
        table.setOwner(2, u"key-a"_s);
        QCOMPARE(table.owner(0), u"key-a"_s);
        QCOMPARE(table.owner(1), u"key-b"_s);
        QCOMPARE(table.owner(2), u"key-a"_s);
        table.clear(0);
        QCOMPARE(table.owner(0), QString());
        QCOMPARE(table.owner(2), u"key-a"_s); // the name is still known to others
        table.setOwner(2, QString());
        QCOMPARE(table.owner(2), QString());
        table.resize(5);
        QCOMPARE(table.owner(4), QString()); // a new slot has none
    }

    void aGivenSecretWinsUntilTheSlotIsCleared()
    {
        RequestAccessTable table;
        table.resize(2);
        const RequestSecret derived = table.secret(1, 0x500000001);
        QVERIFY(!derived.isNull());
        QCOMPARE(table.secret(1, 0x500000001), derived);
        QVERIFY(table.secret(0, 0x500000000) != derived);

        table.setSecret(1, given(7));
        QCOMPARE(table.secret(1, 0x500000001), given(7));
        QVERIFY(table.secret(0, 0x500000000) != given(7)); // untouched
        table.setSecret(0, RequestSecret{}); // stored before secrets: stays without one
        QVERIFY(table.secret(0, 0x500000000).isNull());

        table.clear(1); // the request ended; the slot's next request gets a derived one
        QCOMPARE(table.secret(1, 0x500000001), derived);
        QCOMPARE(table.access(0, 0x500000000).secret, RequestSecret{});
    }

    void idsComingRoundDrawANewKeyAndLiveRequestsKeepTheirs()
    {
        // After 2^32 allocations ids repeat; a repeated id must not get an earlier secret back.
        RequestTable table;
        table.restoreGeneration(0xfffffffe);
        const quint32 live = table.allocate(); // the last generation but one
        table[live].setWaiting(0, 1000, 1);
        const RequestSecret liveSecret = table.accessOf(live).secret;
        const RequestSecret probe = table.access().secret(7, 0x100000007);
        const quint32 last = table.allocate(); // generation 0xffffffff: the next one is 1
        QCOMPARE(table.idOf(last) >> 32, quint64(0xffffffffu));
        QCOMPARE(table.accessOf(live).secret, liveSecret);
        QVERIFY(table.access().secret(7, 0x100000007) != probe); // the key changed
        const quint32 next = table.allocate();
        QCOMPARE(table.idOf(next) >> 32, quint64(1));
        table.release(live); // its kept secret goes with it
        QVERIFY(table.access().secret(live, table.idOf(live)) != liveSecret);
    }

    void memoryIsFourBytesASlotPlusGivenSecrets()
    {
        RequestAccessTable table;
        table.resize(1000);
        const size_t bare = table.memoryBytes();
        QVERIFY(bare >= 1000 * sizeof(quint32));
        QVERIFY(bare < 1000 * sizeof(quint32) * 2);
        table.setSecret(5, given(1));
        QVERIFY(table.memoryBytes() > bare);
        table.clear(5);
        QCOMPARE(table.memoryBytes(), bare);
    }
};

QTEST_APPLESS_MAIN(TestRequestAccessTable)
#include "tst_requestaccesstable.moc"
