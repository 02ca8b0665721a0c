#include "GatewayFixture.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

/// A webhook endpoint that answers 200 and keeps the JSON bodies it received.
struct WebhookEndpoint
{
    QTcpServer server;
    QList<QJsonObject> bodies;
    QByteArray buffer;

    WebhookEndpoint()
    {
        server.listen(QHostAddress::LocalHost);
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            QTcpSocket *socket = server.nextPendingConnection();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                buffer += socket->readAll();
                const qsizetype end = buffer.indexOf("\r\n\r\n");
                if (end < 0 || !buffer.mid(end + 4).endsWith('}'))
                    return;
                bodies.append(QJsonDocument::fromJson(buffer.mid(end + 4)).object());
                buffer.clear();
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            });
        });
    }

    QString url() const { return u"http://127.0.0.1:%1/hook"_s.arg(server.serverPort()); }
};

} // namespace

/// Operations and administration over HTTP: metrics, the seed's admin API, configuration
/// changes with rollback and audit, users' tiers, alerts with the webhook, keys.
class TestOperations : public QObject
{
    Q_OBJECT

private slots:
    void metricsInPrometheusFormat()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray app = f.createKey(Role::Client);
        f.call("POST", u"/v1/acquire"_s, R"({"pool": "llm", "user": "a"})", app);
        QCOMPARE(f.call("GET", u"/metrics"_s, {}, app).status, 403);
        const auto metrics = f.call("GET", u"/metrics"_s, {}, f.createKey(Role::Support));
        QCOMPARE(metrics.status, 200);
        QCOMPARE(metrics.header("content-type"),
                 QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        QVERIFY(metrics.body.contains("# TYPE sluice_decisions_total counter\n"));
        QVERIFY(metrics.body.contains("sluice_decisions_total{pool=\"llm\",tier=\"free\",result="
                                      "\"granted\",reason=\"NONE\"} 1\n"));
        QVERIFY(metrics.body.contains("sluice_pool_in_use{pool=\"llm\"} 1\n"));
        QVERIFY(metrics.body.contains(
            "sluice_queue_wait_seconds_bucket{pool=\"llm\",le=\"+Inf\"} 0\n"));
    }

    void seedAdminApi()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray admin = f.createKey(Role::Admin);
        const QByteArray app = f.createKey(Role::Client);
        f.call("POST", u"/v1/acquire"_s, R"({"pool": "llm", "user": "a"})", app);
        f.advance(15'000);
        auto status = f.call("GET", u"/api/admin/rate-limit-status"_s, {}, admin);
        QCOMPARE(status.status, 200);
        QCOMPARE(
            QStringList(status.json.keys()),
            (QStringList{u"configuration"_s, u"currentStatus"_s, u"success"_s, u"timestamp"_s}));
        QCOMPARE(status.json.value("success"_L1).toBool(), true);
        const QJsonObject configuration = status.json.value("configuration"_L1).toObject();
        QCOMPARE(QStringList(configuration.keys()),
                 (QStringList{u"backoffFactor"_s, u"baseDelay"_s, u"maxConcurrentRequests"_s,
                              u"maxDelay"_s, u"maxRequestsPerMinute"_s, u"maxRetries"_s}));
        QCOMPARE(configuration.value("maxRequestsPerMinute"_L1).toInt(), 10);
        QCOMPARE(configuration.value("maxConcurrentRequests"_L1).toInt(), 2);
        const QJsonObject current = status.json.value("currentStatus"_L1).toObject();
        QCOMPARE(QStringList(current.keys()),
                 (QStringList{u"currentRequests"_s, u"recentRequests"_s, u"requestsInLastMinute"_s,
                              u"timeUntilReset"_s}));
        QCOMPARE(current.value("currentRequests"_L1).toInt(), 1);
        QCOMPARE(current.value("requestsInLastMinute"_L1).toInt(), 1);
        QCOMPARE(current.value("timeUntilReset"_L1).toInt(),
                 45'000); // the request leaves the window at 60 s
        QCOMPARE(status.text("timestamp"_L1), u"2026-01-01T10:00:15.000Z"_s);

        const auto updated = f.call(
            "POST", u"/api/admin/update-rate-limits"_s,
            R"({"config": {"maxRequestsPerMinute": 100, "maxConcurrentRequests": 10, "maxRetries": 5}})",
            admin);
        QCOMPARE(updated.status, 200);
        const QJsonObject now = updated.json.value("configuration"_L1).toObject();
        QCOMPARE(now.value("maxRequestsPerMinute"_L1).toInt(), 100);
        QCOMPARE(now.value("maxConcurrentRequests"_L1).toInt(), 10);
        QCOMPARE(now.value("maxRetries"_L1).toInt(), 5);
        QCOMPARE(now.value("baseDelay"_L1).toInt(), 1000); // untouched
        QCOMPARE(f.call("GET", u"/v1/pools/llm"_s, {}, admin).number("max_concurrent"_L1), 10);

        const auto refused =
            f.call("POST", u"/api/admin/update-rate-limits"_s,
                   R"({"config": {"maxRequestsPerMinute": 0, "baseDelay": "fast"}})", admin);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json.value("success"_L1).toBool(true), false);
        QVERIFY(refused.text("message"_L1)
                    .contains(u"config.maxRequestsPerMinute must be between 1 and 100000"_s));
        QVERIFY(refused.text("message"_L1).contains(u"config.baseDelay must be a number"_s));
        QCOMPARE(f.call("GET", u"/api/admin/rate-limit-status"_s, {}, f.createKey(Role::Operator))
                     .status,
                 403);
    }

    void resumeLiftsAnUpstreamThrottleAndSaysSoInTheAudit()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray operatorKey = f.createKey(Role::Operator);
        QVERIFY(f.engine().throttle(u"llm"_s, 60'000));
        QCOMPARE(f.call("GET", u"/v1/pools/llm"_s, {}, operatorKey).number("throttled_until"_L1),
                 EngineFixture::kStart + 60'000);
        QCOMPARE(f.call("POST", u"/v1/pools/llm/resume"_s, {}, operatorKey).status, 200);
        QCOMPARE(f.call("GET", u"/v1/pools/llm"_s, {}, operatorKey).number("throttled_until"_L1),
                 0);
        QCOMPARE(f.engine().poolStatus(u"llm"_s)->throttledUntil, 0);
        const auto audit =
            f.call("GET", u"/v1/audit?action=pool.resume"_s, {}, f.createKey(Role::Admin));
        const QJsonArray entries = audit.json.value("entries"_L1).toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().toObject().value("detail"_L1).toString(),
                 u"lifted the upstream throttle until 2026-01-01T10:01:00.000Z"_s);
    }

    void configChangesAreVersionedAuditedAndRolledBack()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray admin = f.createKey(Role::Admin, u"alice-admin"_s);
        const auto changed =
            f.call("PUT", u"/v1/config/pools/llm"_s,
                   R"({"pool": {"requests_per_minute": 20}, "note": "more traffic"})", admin);
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.number("version"_L1), 2);
        const QJsonObject change = changed.json.value("changes"_L1).toArray().first().toObject();
        QCOMPARE(change.value("path"_L1).toString(), u"pools.llm.requests_per_minute"_s);
        QCOMPARE(change.value("before"_L1).toString(), u"10"_s);
        QCOMPARE(change.value("after"_L1).toString(), u"20"_s);
        const auto history = f.call("GET", u"/v1/config/history"_s, {}, admin);
        QCOMPARE(history.json.value("versions"_L1)
                     .toArray()
                     .first()
                     .toObject()
                     .value("note"_L1)
                     .toString(),
                 u"more traffic"_s);
        const auto rolledBack =
            f.call("POST", u"/v1/config/rollback"_s, R"({"version": 1})", admin);
        QCOMPARE(rolledBack.status, 200);
        QCOMPARE(rolledBack.number("version"_L1), 3);
        QCOMPARE(f.call("GET", u"/v1/pools/llm"_s, {}, admin).number("requests_per_minute"_L1), 10);
        QCOMPARE(f.call("POST", u"/v1/config/rollback"_s, R"({"version": 99})", admin).status, 404);
        const auto audit = f.call("GET", u"/v1/audit?action=config.update"_s, {}, admin);
        const QJsonArray entries = audit.json.value("entries"_L1).toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().toObject().value("actor"_L1).toString(), u"alice-admin"_s);
        const auto rollbacks = f.call("GET", u"/v1/audit?action=config.rollback"_s, {}, admin);
        QCOMPARE(rollbacks.json.value("entries"_L1).toArray().size(), 1);
    }

    void supportLooksUpAndAdminChangesTiers()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray support = f.createKey(Role::Support);
        const QByteArray admin = f.createKey(Role::Admin);
        f.call("POST", u"/v1/acquire"_s, R"({"pool": "llm", "user": "bob"})",
               f.createKey(Role::Client));
        auto user = f.call("GET", u"/v1/users/bob"_s, {}, support);
        QCOMPARE(user.status, 200);
        QJsonObject quota = user.json.value("quota"_L1).toObject();
        QCOMPARE(quota.value("tier"_L1).toString(), u"free"_s);
        QCOMPARE(quota.value("requests_today"_L1).toInt(), 1);
        QCOMPARE(quota.value("remaining"_L1).toInt(), 9);
        QCOMPARE(f.call("PUT", u"/v1/users/bob/tier"_s, R"({"tier": "pro"})", support).status, 403);
        const auto changed = f.call("PUT", u"/v1/users/bob/tier"_s, R"({"tier": "pro"})", admin);
        QCOMPARE(changed.status, 200);
        quota = changed.json.value("quota"_L1).toObject();
        QCOMPARE(quota.value("tier"_L1).toString(), u"pro"_s);
        QCOMPARE(quota.value("request_limit"_L1).toInt(), 100); // at once, no restart
        QCOMPARE(f.call("PUT", u"/v1/users/bob/tier"_s, R"({"tier": null})", admin).status, 200);
    }

    void alertsReachTheWebhook()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        WebhookEndpoint endpoint;
        const QByteArray admin = f.createKey(Role::Admin);
        const QByteArray ops = f.createKey(Role::Operator, u"night-shift"_s);
        const QByteArray patch =
            QJsonDocument(
                QJsonObject{{u"config"_s, QJsonObject{{u"alert_webhook_url"_s, endpoint.url()}}}})
                .toJson();
        QCOMPARE(f.call("PATCH", u"/v1/config"_s, patch, admin).status, 200);
        const auto test = f.call("POST", u"/v1/alerts/test"_s, {}, ops);
        QCOMPARE(test.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(endpoint.bodies.size(), 1, GatewayFixture::kWaitMs);
        QCOMPARE(endpoint.bodies.first().value("event"_L1).toString(), u"test"_s);
        QVERIFY(endpoint.bodies.first().value("text"_L1).toString().startsWith(
            u"[Sluice] test alert"_s));
        const auto alerts = f.call("GET", u"/v1/alerts"_s, {}, f.createKey(Role::Support));
        QCOMPARE(alerts.json.value("history"_L1).toArray().size(), 1);
        QCOMPARE(f.call("POST", u"/v1/alerts/12345/ack"_s, {}, ops).status, 404);
        f.gateway->log().flush();
        QVERIFY(f.log.data().contains(" alert event=test "));
    }

    void keysThroughTheApi()
    {
        GatewayFixture f;
        QVERIFY(f.start());
        const QByteArray admin = f.createKey(Role::Admin);
        const auto created =
            f.call("POST", u"/v1/keys"_s, R"({"name": "mobile-backend", "role": "client"})", admin);
        QCOMPARE(created.status, 201);
        const QByteArray key = created.text("key"_L1).toLatin1();
        const auto whoami = f.call("GET", u"/v1/whoami"_s, {}, key);
        QCOMPARE(whoami.text("role"_L1), u"client"_s);
        QCOMPARE(whoami.text("name"_L1), u"mobile-backend"_s);
        const auto list = f.call("GET", u"/v1/keys"_s, {}, admin);
        QVERIFY(!list.body.contains(key));
        QVERIFY(!list.body.contains("hash"));
        const QString id = created.text("id"_L1);
        QCOMPARE(f.call("DELETE", u"/v1/keys/"_s + id, {}, admin).status, 200);
        QCOMPARE(f.call("GET", u"/v1/whoami"_s, {}, key).status, 401);
        QCOMPARE(f.call("DELETE", u"/v1/keys/"_s + id, {}, admin).status, 409);
        QCOMPARE(f.call("POST", u"/v1/keys"_s, R"({"name": "x", "role": "root"})", admin).status,
                 400);
    }

    void badKeysAreSlowedDown()
    {
        GatewayFixture f;
        GatewayOptions options = f.options();
        options.authThrottle = {100, 1000, 60'000, 100};
        QVERIFY(f.start(options));
        const QByteArray good = f.createKey(Role::Client);
        QList<qint64> took;
        for (int i = 0; i < 3; ++i) {
            QElapsedTimer timer;
            timer.start();
            QCOMPARE(f.call("GET", u"/v1/whoami"_s, {}, "sk_000000000000_guess").status, 401);
            took.append(timer.elapsed());
        }
        QVERIFY2(took[0] >= 100 && took[1] >= 200 && took[2] >= 400,
                 qPrintable(QString::number(took[2])));
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(f.call("GET", u"/v1/whoami"_s, {}, good).status, 200);
        QVERIFY(timer.elapsed() < 100); // a good key is not held back, but keeps the count
        QCOMPARE(f.gateway->api().throttle().failures(u"127.0.0.1"_s), 3);
    }
};

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
