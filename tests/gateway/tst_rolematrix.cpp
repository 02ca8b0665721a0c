#include "GatewayFixture.h"

#include "api/ApiRoutes.h"
#include "config/ConfigJson.h"
#include "control/ConfigVersions.h"
#include "protocol/WireRecords.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

/// How each route is called in the matrix, and what its answer is for a role allowed on it.
/// Pool actions and pool changes act on the pool "spare", so that "llm" keeps accepting.
struct Cell
{
    HttpMethod method;
    QLatin1StringView pattern;
    QByteArray body;
    QList<int> allowed;
};

QList<Cell> cells(const QByteArray &config)
{
    using M = HttpMethod;
    return {
        {M::Get, "/healthz"_L1, {}, {200}},
        {M::Get, "/readyz"_L1, {}, {200}},
        {M::Get, "/v1/whoami"_L1, {}, {200}},
        {M::Post,
         "/v1/acquire"_L1,
         R"({"pool": "llm", "user": "matrix", "wait": false})",
         {200, 429}},
        {M::Get, "/v1/requests/{id}"_L1, {}, {200}},
        {M::Delete, "/v1/requests/{id}"_L1, {}, {200}},
        {M::Post, "/v1/requests/{id}/release"_L1, R"({"input_tokens": 10})", {200}},
        {M::Post, "/v1/requests/{id}/heartbeat"_L1, {}, {200}},
        {M::Get, "/v1/ws"_L1, {}, {426}},
        {M::Get, "/metrics"_L1, {}, {200}},
        {M::Get, "/v1/status"_L1, {}, {200}},
        {M::Get, "/v1/replicas"_L1, {}, {200}},
        {M::Get, "/v1/samples"_L1, {}, {200}},
        {M::Get, "/v1/dashboard/stream"_L1, {}, {426}},
        {M::Get, "/v1/pools"_L1, {}, {200}},
        {M::Get, "/v1/pools/{pool}"_L1, {}, {200}},
        {M::Get, "/v1/pools/{pool}/queue"_L1, {}, {200}},
        {M::Get, "/v1/users"_L1, {}, {200}},
        {M::Get, "/v1/users/{user}"_L1, {}, {200}},
        {M::Get, "/v1/usage/history"_L1, {}, {200}},
        {M::Get, "/v1/alerts"_L1, {}, {200}},
        {M::Post, "/v1/pools/{pool}/pause"_L1, {}, {200}},
        {M::Post, "/v1/pools/{pool}/resume"_L1, {}, {200}},
        {M::Post, "/v1/pools/{pool}/drain"_L1, {}, {200}},
        {M::Post, "/v1/pools/{pool}/purge"_L1, {}, {200}},
        {M::Post, "/v1/alerts/test"_L1, {}, {200}},
        {M::Post, "/v1/alerts/{id}/ack"_L1, {}, {404}},
        {M::Put, "/v1/users/{user}/tier"_L1, R"({"tier": "pro"})", {200}},
        {M::Get, "/v1/config"_L1, {}, {200}},
        {M::Put, "/v1/config"_L1, config, {200}},
        {M::Patch, "/v1/config"_L1, R"({"config": {"alert_webhook_url": ""}})", {200}},
        {M::Put, "/v1/config/pools/{name}"_L1, R"({"pool": {"max_concurrent": 2}})", {200}},
        {M::Put, "/v1/config/tiers/{name}"_L1, R"({"tier": {"priority": 2}})", {200}},
        {M::Get, "/v1/config/presets"_L1, {}, {200}},
        {M::Post, "/v1/config/pools/{name}/preset"_L1, R"({"preset": "balanced"})", {200}},
        {M::Get, "/v1/config/history"_L1, {}, {200}},
        {M::Get, "/v1/config/versions/{version}"_L1, {}, {200}},
        {M::Post, "/v1/config/rollback"_L1, R"({"version": 1})", {200}},
        {M::Get, "/v1/audit"_L1, {}, {200}},
        {M::Get, "/v1/keys"_L1, {}, {200}},
        {M::Post, "/v1/keys"_L1, R"({"name": "made-in-matrix", "role": "client"})", {201}},
        {M::Delete, "/v1/keys/{id}"_L1, {}, {404}},
        {M::Get, "/api/admin/rate-limit-status"_L1, {}, {200}},
        {M::Post, "/api/admin/update-rate-limits"_L1, R"({"config": {"maxRetries": 3}})", {200}},
    };
}

EngineConfig matrixConfig()
{
    EngineConfig config = EngineFixture::defaultTestConfig();
    PoolConfig &llm = config.pools.first();
    llm.maxConcurrent = 1000;
    llm.requestsPerMinute.reset();
    llm.tokensPerMinute.reset();
    PoolConfig spare = config.pools.first();
    spare.name = u"spare"_s;
    config.pools.append(spare);
    return config;
}

} // namespace

/// Every route of the route table, called over HTTP without a key, with a bad key and with a
/// key of each role; each cell's status is asserted.
class TestRoleMatrix : public QObject
{
    Q_OBJECT

private slots:
    void everyRouteWithEveryRole()
    {
        GatewayFixture f(matrixConfig());
        GatewayOptions options = f.options();
        options.authThrottle = {1, 2, 60'000, 100};
        QVERIFY(f.start(options));
        const QByteArray config =
            QJsonDocument(
                QJsonObject{
                    {u"config"_s, configToJson(f.gateway->runtime().configVersions().config())}})
                .toJson();
        QHash<Role, QByteArray> keys;
        for (const Role role : {Role::Client, Role::Support, Role::Operator, Role::Admin})
            keys.insert(role, f.createKey(role, roleName(role)));

        const QList<Cell> table = cells(config);
        QCOMPARE(table.size(), qsizetype(apiRoutes().size()));
        int asserted = 0;
        for (const ApiRouteSpec &route : apiRoutes()) {
            const auto cell = std::find_if(table.begin(), table.end(), [&](const Cell &c) {
                return c.method == route.method && c.pattern == route.pattern;
            });
            QVERIFY2(cell != table.end(), route.pattern.data());
            // columns: no key, a bad key, then each role
            for (int column = 0; column < 6; ++column) {
                const Role role = column < 2 ? Role::None : Role(column - 1);
                const QByteArray key = column == 0   ? QByteArray()
                                       : column == 1 ? QByteArray("sk_000000000000_bad")
                                                     : keys.value(role);
                QString path = QString(route.pattern);
                if (path.startsWith(u"/v1/requests/"_s)) {
                    // a fresh lease of this key (or of the client key, for the columns without one)
                    const QByteArray owner =
                        key.isEmpty() || role == Role::None ? keys.value(Role::Client) : key;
                    const auto lease = f.call("POST", u"/v1/acquire"_s,
                                              R"({"pool": "llm", "user": "owner-)" +
                                                  QByteArray::number(asserted) + R"("})",
                                              owner);
                    QCOMPARE(lease.status, 200);
                    path.replace(u"{id}"_s, lease.text("requestId"_L1));
                }
                path.replace(u"{pool}"_s, route.minRole >= Role::Operator ? u"spare"_s : u"llm"_s)
                    .replace(u"{user}"_s, u"alice"_s)
                    .replace(u"{name}"_s, path.contains(u"tiers"_s) ? u"pro"_s : u"spare"_s)
                    .replace(u"{version}"_s, u"1"_s)
                    .replace(u"{id}"_s, path.contains(u"keys"_s) ? u"ffffffffffff"_s : u"999"_s);
                const auto answer =
                    f.call(QByteArray(methodName(route.method).data()), path, cell->body, key);
                const QString where = u"%1 %2 as %3: %4 %5"_s
                                          .arg(QString(methodName(route.method)), path,
                                               column == 1 ? u"bad key"_s : roleName(role))
                                          .arg(answer.status)
                                          .arg(QString::fromUtf8(answer.body.left(200)));
                int expected = 0;
                if (route.minRole != Role::None && role == Role::None)
                    expected = 401;
                else if (role < route.minRole)
                    expected = 403;
                if (expected != 0) {
                    QVERIFY2(answer.status == expected, qPrintable(where));
                } else {
                    QVERIFY2(cell->allowed.contains(answer.status), qPrintable(where));
                    QVERIFY2(answer.text("error"_L1) != u"NOT_FOUND"_s, qPrintable(where));
                }
                if (answer.status >= 400)
                    QVERIFY2(!answer.text("message"_L1).isEmpty(), qPrintable(where));
                ++asserted;
            }
        }
        QCOMPARE(asserted, int(apiRoutes().size()) * 6);
    }

    void proxyRoutesWithEveryRole()
    {
        GatewayFixture f(matrixConfig());
        GatewayOptions options = f.options();
        options.authThrottle = {1, 2, 60'000, 100};
        QVERIFY(f.start(options));
        int routes = 0;
        for (const ApiRouter::Route &route : f.gateway->api().router().routes()) {
            if (!route.pattern.startsWith(u"/proxy/"_s))
                continue;
            ++routes;
            QCOMPARE(route.minRole, Role::Client);
            for (int column = 0; column < 6; ++column) {
                const Role role = column < 2 ? Role::None : Role(column - 1);
                const QByteArray key = column == 0   ? QByteArray()
                                       : column == 1 ? QByteArray("sk_000000000000_bad")
                                                     : f.createKey(role);
                const auto answer = f.call(QByteArray(methodName(route.method).data()),
                                           u"/proxy/llm/v1/messages"_s, "{}", key);
                const QString where = u"%1 /proxy/llm/v1/messages column %2: %3 %4"_s
                                          .arg(QString(methodName(route.method)))
                                          .arg(column)
                                          .arg(answer.status)
                                          .arg(QString::fromUtf8(answer.body.left(200)));
                if (role == Role::None)
                    QVERIFY2(answer.status == 401, qPrintable(where));
                else // "llm" has no upstream: the proxy itself answers, after the key check
                    QVERIFY2(answer.status != 401 && answer.status != 403 && answer.status != 405,
                             qPrintable(where));
            }
        }
        QCOMPARE(routes, 6);
    }
};

QTEST_GUILESS_MAIN(TestRoleMatrix)
#include "tst_rolematrix.moc"
