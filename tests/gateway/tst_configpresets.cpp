#include "GatewayFixture.h"

#include <QJsonArray>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

/// The pool presets (SPEC section 4) through the API, as the dashboard's form offers them:
/// listed for support and up, applied to one pool by admins as a versioned, audited change.
class TestConfigPresets : public QObject
{
    Q_OBJECT

private slots:
    void presetsAreListed()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const auto listed = f.call("GET", u"/v1/config/presets"_s, {}, f.createKey(Role::Support));
        QCOMPARE(listed.status, 200);
        const QJsonArray presets = listed.json.value("presets"_L1).toArray();
        QCOMPARE(presets.size(), 3);
        const QJsonObject balanced = presets.at(1).toObject();
        QCOMPARE(balanced.value("name"_L1).toString(), u"Balanced"_s);
        QCOMPARE(balanced.value("requests_per_minute"_L1).toInt(), 100);
        QCOMPARE(balanced.value("max_concurrent"_L1).toInt(), 10);
        QVERIFY(!balanced.value("description"_L1).toString().isEmpty());
    }

    void aPresetIsAVersionedAuditedChangeOfOnePool()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray admin = f.createKey(Role::Admin, u"alice"_s);
        const auto applied = f.call("POST", u"/v1/config/pools/llm/preset"_s,
                                    R"({"preset": "aggressive"})", admin, {{"If-Match", "\"1\""}});
        QCOMPARE(applied.status, 200);
        QCOMPARE(applied.number("version"_L1), 2);
        QCOMPARE(applied.header("etag"), QByteArray("\"2\""));
        QCOMPARE(applied.json.value("changes"_L1).toArray().size(), 2);
        const auto pool = f.call("GET", u"/v1/pools/llm"_s, {}, admin);
        QCOMPARE(pool.number("requests_per_minute"_L1), 200);
        QCOMPARE(pool.number("max_concurrent"_L1), 20);
        const auto history = f.call("GET", u"/v1/config/history"_s, {}, admin);
        const QJsonObject newest = history.json.value("versions"_L1).toArray().first().toObject();
        QCOMPARE(newest.value("note"_L1).toString(), u"Aggressive preset"_s);
        QCOMPARE(newest.value("actor"_L1).toString(), u"alice"_s);
        // From the version before: refused, nothing changes.
        const auto stale = f.call("POST", u"/v1/config/pools/llm/preset"_s,
                                  R"({"preset": "conservative"})", admin, {{"If-Match", "\"1\""}});
        QCOMPARE(stale.status, 412);
        QCOMPARE(f.call("GET", u"/v1/pools/llm"_s, {}, admin).number("max_concurrent"_L1), 20);
    }

    void badPresetRequestsAreNamed_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("words");
        QTest::newRow("unknown preset")
            << u"/v1/config/pools/llm/preset"_s << QByteArray(R"({"preset": "turbo"})") << 400
            << u"preset must be one of Conservative, Balanced"_s;
        QTest::newRow("no preset")
            << u"/v1/config/pools/llm/preset"_s << QByteArray("{}") << 400 << u"preset"_s;
        QTest::newRow("unknown member")
            << u"/v1/config/pools/llm/preset"_s
            << QByteArray(R"({"preset": "balanced", "pool": "x"})") << 400 << u"pool"_s;
        QTest::newRow("unknown pool")
            << u"/v1/config/pools/nope/preset"_s << QByteArray(R"({"preset": "balanced"})") << 404
            << u"There is no pool 'nope'"_s;
    }

    void badPresetRequestsAreNamed()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, words);
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray admin = f.createKey(Role::Admin);
        const auto answer = f.call("POST", path, body, admin);
        QCOMPARE(answer.status, status);
        QVERIFY2(answer.json.value("message"_L1).toString().contains(words),
                 answer.body.constData());
        QCOMPARE(f.call("GET", u"/v1/config"_s, {}, admin).number("version"_L1), 1);
        QCOMPARE(f.call("POST", path, body, f.createKey(Role::Operator, u"ops"_s)).status, 403);
    }
};

QTEST_GUILESS_MAIN(TestConfigPresets)
#include "tst_configpresets.moc"
