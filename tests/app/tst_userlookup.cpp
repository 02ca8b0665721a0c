#include "AwaitResult.h"
#include "LocalStack.h"

#include "models/UserListModel.h"
#include "pages/UserListPanel.h"
#include "pages/UsersPage.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::awaitResult;
using sluice::test::LocalStack;
using sluice::test::RuntimeFixture;

/// Support's user lookup on the real Local backend: the user list (GET /v1/users) from the
/// engine's user directory, and a user the gateway never saw.
class TestUserLookup : public QObject
{
    Q_OBJECT

    /// Room for every request of these tests at once: each is granted and counted today.
    static EngineConfig roomy()
    {
        EngineConfig config = sluice::test::EngineFixture::defaultTestConfig();
        config.pools.first().maxConcurrent = 50;
        config.pools.first().requestsPerMinute = 1000;
        for (TierConfig &tier : config.tiers)
            tier.maxConcurrentPerUser = 10;
        return config;
    }

    static QStringList ids(const UserList &list)
    {
        QStringList out;
        for (const UserSummary &user : list.users)
            out << user.user;
        return out;
    }

    static UserList ask(LocalStack &s, const QString &prefix, UserOrder order, qint64 limit = 50,
                        qint64 offset = 0)
    {
        UserListQuery query{prefix, order, offset, limit};
        const Result<UserList> r = awaitResult<UserList>(
            [&](Callback<UserList> done) { s.backend->userList(query, std::move(done)); });
        if (!r.ok())
            qWarning().noquote() << r.error().message;
        return r ? *r : UserList{};
    }

    /// alice 3 requests, then bob 1, then Bella 3 (pro), then bob again, a second apart; bob
    /// is the last seen, Bella the most recent of the two with 3 requests.
    static void seed(LocalStack &s)
    {
        for (int i = 0; i < 3; ++i)
            s.acquire(u"alice"_s);
        s.advance(1000);
        s.acquire(u"bob"_s);
        s.advance(1000);
        for (int i = 0; i < 3; ++i)
            s.acquire(u"Bella"_s, u"pro"_s);
        s.advance(1000);
        s.acquire(u"bob"_s);
    }

private slots:
    void initTestCase() { qputenv("TZ", "UTC"); }

    void listsByPrefixRecentAndUsage()
    {
        LocalStack s(Role::Support, roomy());
        seed(s);
        const UserList recent = ask(s, {}, UserOrder::Recent);
        QCOMPARE(recent.total, qint64(3));
        QCOMPARE(ids(recent), (QStringList{u"bob"_s, u"Bella"_s, u"alice"_s}));
        QCOMPARE(recent.users.first().lastSeen, s.fixture.clock.wallNow());
        const UserList usage = ask(s, {}, UserOrder::Usage);
        // Most requests first; of two with 3, the more recently seen.
        QCOMPARE(ids(usage), (QStringList{u"Bella"_s, u"alice"_s, u"bob"_s}));
        QCOMPARE(usage.users.first().requestsToday, qint64(3));
        QCOMPARE(usage.users.first().tier, u"pro"_s);
        QCOMPARE(usage.users.first().requestLimit, qint64(100));
        QCOMPARE(usage.users.at(2).requestsToday, qint64(2));

        const UserList b = ask(s, u"b"_s, UserOrder::Recent);
        QCOMPARE(b.total, qint64(2));
        QCOMPARE(ids(b), (QStringList{u"bob"_s, u"Bella"_s}));
        const UserList page2 = ask(s, {}, UserOrder::Usage, 1, 1);
        QCOMPARE(page2.total, qint64(3));
        QCOMPARE(ids(page2), QStringList{u"alice"_s});
        QCOMPARE(ask(s, u"zed"_s, UserOrder::Recent).total, qint64(0));
    }

    void restoredUsersAreListedAfterARestart()
    {
        RuntimeFixture f;
        f.writeConfig(roomy());
        QVERIFY(f.open());
        f.acquire(u"carol"_s);
        f.acquire(u"carol"_s);
        f.acquire(u"dave"_s);
        f.runtime->flush();
        f.restart();
        f.clock.advance(5000);
        f.acquire(u"erin"_s);
        const UserList list = f.engine().users({{}, UserOrder::Recent, 0, 10});
        QCOMPARE(list.total, qint64(3));
        QCOMPARE(list.users.first().user, u"erin"_s);
        QCOMPARE(list.users.at(1).user, u"carol"_s);
        QCOMPARE(list.users.at(1).requestsToday, qint64(2));
        QCOMPARE(list.users.at(1).lastSeen, TimeMs(0));
    }

    void pageNarrowsAsTypedAndOpensAUser()
    {
        LocalStack s(Role::Support, roomy());
        seed(s);
        UsersPage page(*s.backend, s.fixture.clock);
        page.resize(1024, 700);
        UserListPanel *list = page.userList();
        QTRY_COMPARE(list->model()->rowCount(), 3);
        QCOMPARE(list->summaryLabel()->text(), u"3 users"_s);
        QCOMPARE(list->model()->index(0, UserListModel::LastSeen).data().toString(), u"0 s ago"_s);
        QCOMPARE(list->model()->index(2, UserListModel::LastSeen).data().toString(),
                 u"3 s ago"_s);

        QTest::keyClicks(page.searchBox(), u"B"_s);
        list->refresh(); // instead of waiting out the pause for more typing
        QTRY_COMPARE(list->model()->rowCount(), 2);
        list->orderBox()->setCurrentIndex(1); // most requests today
        QTRY_COMPARE(list->model()->rowAt(0).user, u"Bella"_s);
        QCOMPARE(list->model()->index(0, UserListModel::Requests).data().toString(),
                 u"3 / 100"_s);

        QTest::keyClicks(page.searchBox(), u"z"_s);
        list->refresh();
        QTRY_COMPARE(list->summaryLabel()->text(), u"No user id starts with \"Bz\""_s);
        QCOMPARE(list->model()->rowCount(), 0);

        page.searchBox()->clear();
        list->setPrefix({});
        list->refresh();
        QTRY_COMPARE(list->model()->rowCount(), 3);
        const int bob = list->model()->rowOf(u"bob"_s);
        QVERIFY(bob >= 0);
        emit list->view()->activated(list->model()->index(bob, 0));
        QTRY_VERIFY(page.resultCard()->isVisibleTo(&page));
        QCOMPARE(page.searchBox()->text(), u"bob"_s);
        QCOMPARE(page.messageLabel()->text(), QString());
    }

    void unknownUserSaysNoSuchUserSeen()
    {
        LocalStack s(Role::Admin, roomy());
        seed(s);
        UsersPage page(*s.backend, s.fixture.clock);
        page.search(u"bob"_s);
        QTRY_VERIFY(page.resultCard()->isVisibleTo(&page));
        page.search(u"nobody"_s);
        QTRY_VERIFY(page.messageLabel()->text().startsWith(u"No such user seen: nobody"_s));
        QVERIFY(!page.resultCard()->isVisibleTo(&page));
        // Nothing to edit: the tier selector of the last user went away with the card.
        QVERIFY(!page.tierSelector()->isVisibleTo(&page));
    }
};

QTEST_MAIN(TestUserLookup)
#include "tst_userlookup.moc"
