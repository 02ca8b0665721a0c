#include "GatewayFixture.h"

#include <QJsonArray>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

/// Malformed input over HTTP: always a 4xx with a message naming what was wrong.
class TestBadInput : public QObject
{
    Q_OBJECT

private slots:
    void answeredWithAMessage_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("mention");
        QTest::newRow("bad json") << QByteArray("POST") << u"/v1/acquire"_s
                                  << QByteArray("{\"pool\": \"llm\",") << 400 << u"INVALID_JSON"_s
                                  << u"offset"_s;
        QTest::newRow("not an object")
            << QByteArray("POST") << u"/v1/acquire"_s << QByteArray("[1, 2]") << 400
            << u"INVALID_JSON"_s << u"JSON object"_s;
        QTest::newRow("wrong type")
            << QByteArray("POST") << u"/v1/acquire"_s
            << QByteArray(R"({"pool": "llm", "user": ["a"]})") << 400 << u"VALIDATION_FAILED"_s
            << u"user must be a string (got an array)"_s;
        QTest::newRow("out of range")
            << QByteArray("POST") << u"/v1/acquire"_s
            << QByteArray(R"({"pool": "llm", "user": "a", "tokens": -1})") << 400
            << u"VALIDATION_FAILED"_s << u"tokens must be between 0"_s;
        QTest::newRow("unknown field")
            << QByteArray("POST") << u"/v1/acquire"_s
            << QByteArray(R"({"pool": "llm", "user": "a", "priority": 9})") << 400
            << u"VALIDATION_FAILED"_s << u"unknown field 'priority'"_s;
        QTest::newRow("unknown pool") << QByteArray("POST") << u"/v1/acquire"_s
                                      << QByteArray(R"({"pool": "gpt", "user": "a"})") << 404
                                      << u"UNKNOWN_POOL"_s << u"gpt"_s;
        QTest::newRow("unknown tier")
            << QByteArray("POST") << u"/v1/acquire"_s
            << QByteArray(R"({"pool": "llm", "user": "a", "tier": "gold"})") << 400
            << u"INVALID_REQUEST"_s << u"gold"_s;
        QTest::newRow("unknown route") << QByteArray("GET") << u"/v1/nothing"_s << QByteArray()
                                       << 404 << u"NOT_FOUND"_s << u"/v1/nothing"_s;
        QTest::newRow("wrong method") << QByteArray("DELETE") << u"/v1/acquire"_s << QByteArray()
                                      << 405 << u"METHOD_NOT_ALLOWED"_s << u"allowed: POST"_s;
        QTest::newRow("bad request id")
            << QByteArray("GET") << u"/v1/requests/not-hex"_s << QByteArray() << 400
            << u"INVALID_REQUEST"_s << u"not-hex"_s;
        QTest::newRow("unknown request") << QByteArray("GET") << u"/v1/requests/abc"_s
                                         << QByteArray() << 404 << u"UNKNOWN_REQUEST"_s << u"abc"_s;
        QTest::newRow("bad query")
            << QByteArray("GET") << u"/v1/pools/llm/queue?limit=lots"_s << QByteArray() << 400
            << u"VALIDATION_FAILED"_s << u"limit must be an integer between 1 and 1000"_s;
        QTest::newRow("user list order")
            << QByteArray("GET") << u"/v1/users?order=newest"_s << QByteArray() << 400
            << u"VALIDATION_FAILED"_s << u"order must be recent or usage (got \"newest\")"_s;
        QTest::newRow("user list limit")
            << QByteArray("GET") << u"/v1/users?limit=500"_s << QByteArray() << 400
            << u"VALIDATION_FAILED"_s << u"limit must be an integer between 1 and 200"_s;
        QTest::newRow("user list parameter")
            << QByteArray("GET") << u"/v1/users?name=bob"_s << QByteArray() << 400
            << u"VALIDATION_FAILED"_s << u"unknown query parameter 'name'"_s;
        QTest::newRow("config range")
            << QByteArray("PUT") << u"/v1/config/pools/llm"_s
            << QByteArray(R"({"pool": {"requests_per_minute": 0}})") << 400
            << u"VALIDATION_FAILED"_s << u"requests_per_minute must be between 1 and 100000"_s;
        QTest::newRow("compat range")
            << QByteArray("POST") << u"/api/admin/update-rate-limits"_s
            << QByteArray(R"({"config": {"maxConcurrentRequests": 50000}})") << 400
            << u"VALIDATION_FAILED"_s
            << u"config.maxConcurrentRequests must be between 1 and 10000"_s;
        QTest::newRow("release a ticket")
            << QByteArray("POST") << u"/v1/requests/1/release"_s << QByteArray() << 404
            << u"UNKNOWN_REQUEST"_s << u"No request 1"_s;
        QTest::newRow("tier body")
            << QByteArray("PUT") << u"/v1/users/bob/tier"_s << QByteArray(R"({"tier": 3})") << 400
            << u"VALIDATION_FAILED"_s << u"tier must be a string"_s;
    }

    void answeredWithAMessage()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, error);
        QFETCH(QString, mention);
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray admin = f.createKey(Role::Admin);
        const auto answer = f.call(method, path, body, admin);
        QCOMPARE(answer.status, status);
        QCOMPARE(answer.text("error"_L1), error);
        QVERIFY2(answer.text("message"_L1).contains(mention), answer.body.constData());
    }

    void fieldErrorsNameTheField()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const auto answer = f.call("POST", u"/v1/acquire"_s, R"({"pool": 5, "wait": "no"})",
                                   f.createKey(Role::Client));
        QCOMPARE(answer.status, 400);
        QStringList fields;
        for (const QJsonValue &field : answer.json.value("fields"_L1).toArray())
            fields.append(field.toObject().value("field"_L1).toString());
        QCOMPARE(fields, (QStringList{u"pool"_s, u"user"_s, u"wait"_s}));
    }

    void oversizedBodyIs413()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const auto answer =
            f.call("POST", u"/v1/acquire"_s, QByteArray(2 << 20, ' '), f.createKey(Role::Client));
        QCOMPARE(answer.status, 413);
        QCOMPARE(answer.text("error"_L1), u"PAYLOAD_TOO_LARGE"_s);
        QVERIFY(answer.text("message"_L1).contains(u"1048576"_s));
        QCOMPARE(f.call("GET", u"/healthz"_s).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
