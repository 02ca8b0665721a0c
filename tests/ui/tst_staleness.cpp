#include "widgets/Staleness.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

/// When a gateway's data count as stale and what the strip says: pure, from the backend's
/// readings and the time now.
class TestStaleness : public QObject
{
    Q_OBJECT

    static constexpr TimeMs kNow = 1'767'261'600'000;

private slots:
    void assess_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<qint64>("updatedAgoMs"); ///< -1: no data yet
        QTest::addColumn<qint64>("retryInMs");    ///< -1: no retry scheduled
        QTest::addColumn<bool>("stale");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("canRetry");
        const int unreachable = int(ConnectionState::Unreachable);
        QTest::newRow("live") << int(ConnectionState::Connected) << 0LL << -1LL << false
                              << QString() << false;
        QTest::newRow("a blip") << int(ConnectionState::Reconnecting) << 4'999LL << 300LL << false
                                << QString() << true;
        QTest::newRow("reconnecting for 5 s")
            << int(ConnectionState::Reconnecting) << 5'000LL << 1'200LL << true
            << u"Reconnecting… · last update 5 s ago · retrying in 2 s"_s << true;
        QTest::newRow("unreachable") << unreachable << 14'400LL << 3'000LL << true
                                     << u"Gateway unreachable · last update 14 s ago · "
                                        u"retrying in 3 s"_s
                                     << true;
        QTest::newRow("minutes") << unreachable << 125'000LL << 30'000LL << true
                                 << u"Gateway unreachable · last update 2 min 05 s ago · "
                                    u"retrying in 30 s"_s
                                 << true;
        QTest::newRow("retry due") << unreachable << 20'000LL << 0LL << true
                                   << u"Gateway unreachable · last update 20 s ago · "
                                      u"retrying now"_s
                                   << true;
        QTest::newRow("attempt under way")
            << unreachable << 20'000LL << -1LL << true
            << u"Gateway unreachable · last update 20 s ago"_s << false;
        QTest::newRow("key rejected") << int(ConnectionState::AuthFailed) << 9'000LL << -1LL << true
                                      << u"Key rejected · last update 9 s ago"_s << true;
        QTest::newRow("connected, no snapshot yet")
            << int(ConnectionState::Connected) << 8'000LL << -1LL << true
            << u"Waiting for the gateway's data · last update 8 s ago"_s << false;
        QTest::newRow("first attempt")
            << int(ConnectionState::Connecting) << -1LL << -1LL << false << QString() << false;
        QTest::newRow("never reached") << unreachable << -1LL << 500LL << true
                                       << u"Gateway unreachable · no data yet · "
                                          u"retrying in 1 s"_s
                                       << true;
    }
    void assess()
    {
        QFETCH(int, state);
        QFETCH(qint64, updatedAgoMs);
        QFETCH(qint64, retryInMs);
        QFETCH(bool, stale);
        QFETCH(QString, text);
        QFETCH(bool, canRetry);
        const Staleness s =
            Staleness::assess(ConnectionState(state), updatedAgoMs < 0 ? 0 : kNow - updatedAgoMs,
                              retryInMs < 0 ? 0 : kNow + retryInMs, kNow);
        QCOMPARE(s.stale, stale);
        QCOMPARE(s.text(), text);
        QCOMPARE(s.canRetry(), canRetry);
    }

    void ageAndCountdownFollowTheClock()
    {
        const TimeMs lost = kNow;
        const TimeMs retryAt = kNow + 8'000;
        QStringList texts;
        for (qint64 t = 6'000; t <= 8'000; t += 1'000)
            texts
                << Staleness::assess(ConnectionState::Unreachable, lost, retryAt, kNow + t).text();
        QCOMPARE(texts,
                 (QStringList{u"Gateway unreachable · last update 6 s ago · retrying in 2 s"_s,
                              u"Gateway unreachable · last update 7 s ago · retrying in 1 s"_s,
                              u"Gateway unreachable · last update 8 s ago · retrying now"_s}));
    }
};

QTEST_GUILESS_MAIN(TestStaleness)
#include "tst_staleness.moc"
