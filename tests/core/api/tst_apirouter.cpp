#include "RuntimeFixture.h"

#include "api/ApiRouter.h"
#include "api/ApiRoutes.h"
#include "api/ApiService.h"
#include "api/CallbackReply.h"

#include <QJsonDocument>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

struct Answer
{
    int status = 0;
    QJsonObject body;
    ApiHeaders headers;
    bool answered = false;

    QString error() const { return body.value("error"_L1).toString(); }
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key == name)
                return value;
        }
        return {};
    }
};

/// Dispatches one request synchronously and returns the answer.
template<typename Dispatch>
Answer call(Dispatch dispatch, HttpMethod method, const QString &path, Role role = Role::None,
            const QByteArray &body = {})
{
    Answer answer;
    CallbackReply reply([&](const ApiResponse &response) {
        answer.status = response.status;
        answer.body = QJsonDocument::fromJson(response.serializedBody()).object();
        answer.headers = response.headers;
        answer.answered = true;
    });
    ApiRequest request;
    request.method = method;
    request.path = path;
    request.body = body;
    request.role = role;
    request.actor = u"tester"_s;
    request.peer = u"127.0.0.1"_s;
    dispatch(request, reply);
    // Changes are answered once durable: after the writer's commit, later on the event loop.
    if (!answer.answered && !QTest::qWaitFor([&] { return answer.answered; }, 10'000))
        qWarning() << "no answer to" << path;
    return answer;
}

QString placeholderValue(QStringView name)
{
    if (name == u"pool" || name == u"name")
        return u"llm"_s;
    if (name == u"user")
        return u"alice"_s;
    if (name == u"id" || name == u"version")
        return u"1"_s;
    return u"x"_s;
}

QString concretePath(QLatin1StringView pattern)
{
    QStringList segments;
    for (const QString &segment : QString(pattern).split(u'/')) {
        if (segment.startsWith(u'{'))
            segments.append(placeholderValue(QStringView(segment).mid(1, segment.size() - 2)));
        else
            segments.append(segment);
    }
    return segments.join(u'/');
}

} // namespace

class TestApiRouter : public QObject
{
    Q_OBJECT

private:
    ApiRouter sampleRouter(QHash<QString, QString> *seen)
    {
        ApiRouter router;
        auto record = [seen](ApiRequest &request, ApiReply &reply) {
            *seen = request.params;
            reply.respond(ApiResponse::ok(QJsonObject{{u"ok"_s, true}}));
        };
        router.add(HttpMethod::Get, u"/v1/users/{user}"_s, Role::Support, record);
        router.add(HttpMethod::Put, u"/v1/users/{user}/tier"_s, Role::Admin, record);
        router.add(HttpMethod::Delete, u"/v1/users/{user}"_s, Role::Admin, record);
        router.add(HttpMethod::Get, u"/healthz"_s, Role::None, record);
        router.add(HttpMethod::Post, u"/proxy/{pool}/{path*}"_s, Role::Client, record);
        return router;
    }

private slots:
    void placeholdersAreDecoded()
    {
        QHash<QString, QString> seen;
        const ApiRouter router = sampleRouter(&seen);
        auto dispatch = [&](ApiRequest &request, ApiReply &reply) {
            router.dispatch(request, reply);
        };
        QCOMPARE(call(dispatch, HttpMethod::Get, u"/v1/users/a%2Fb%20c"_s, Role::Support).status,
                 200);
        QCOMPARE(seen.value(u"user"_s), u"a/b c"_s);
        QCOMPARE(call(dispatch, HttpMethod::Get, u"/v1/users/bob/"_s, Role::Support).status, 200);
        QCOMPARE(seen.value(u"user"_s), u"bob"_s);
        QCOMPARE(
            call(dispatch, HttpMethod::Post, u"/proxy/anthropic/v1/messages%3Fx"_s, Role::Client)
                .status,
            200);
        QCOMPARE(seen.value(u"pool"_s), u"anthropic"_s);
        QCOMPARE(seen.value(u"path"_s), u"v1/messages%3Fx"_s);
        QCOMPARE(call(dispatch, HttpMethod::Post, u"/proxy/anam"_s, Role::Client).status, 200);
        QCOMPARE(seen.value(u"path"_s), QString());
    }

    void unknownPathIs404()
    {
        QHash<QString, QString> seen;
        const ApiRouter router = sampleRouter(&seen);
        auto dispatch = [&](ApiRequest &request, ApiReply &reply) {
            router.dispatch(request, reply);
        };
        for (const QString &path : {u"/v1/user/bob"_s, u"/v1/users"_s, u"/v1/users//tier"_s, u"/"_s,
                                    u"/v1/users/bob/tier/extra"_s}) {
            const Answer answer = call(dispatch, HttpMethod::Get, path, Role::Admin);
            QCOMPARE(answer.status, 404);
            QCOMPARE(answer.error(), u"NOT_FOUND"_s);
            QVERIFY(answer.body.value("message"_L1).toString().contains(path));
        }
    }

    void wrongMethodIs405WithAllow()
    {
        QHash<QString, QString> seen;
        const ApiRouter router = sampleRouter(&seen);
        auto dispatch = [&](ApiRequest &request, ApiReply &reply) {
            router.dispatch(request, reply);
        };
        const Answer answer = call(dispatch, HttpMethod::Post, u"/v1/users/bob"_s, Role::Admin);
        QCOMPARE(answer.status, 405);
        QCOMPARE(answer.error(), u"METHOD_NOT_ALLOWED"_s);
        QCOMPARE(answer.header("allow"), QByteArray("GET, DELETE"));
        QVERIFY(answer.body.value("message"_L1).toString().contains(u"POST"_s));
    }

    void rolesAreChecked_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("role");
        QTest::addColumn<bool>("badKey");
        QTest::addColumn<int>("status");
        QTest::newRow("no key") << int(HttpMethod::Get) << u"/v1/users/bob"_s << int(Role::None)
                                << false << 401;
        QTest::newRow("bad key") << int(HttpMethod::Get) << u"/v1/users/bob"_s << int(Role::None)
                                 << true << 401;
        QTest::newRow("client") << int(HttpMethod::Get) << u"/v1/users/bob"_s << int(Role::Client)
                                << false << 403;
        QTest::newRow("support") << int(HttpMethod::Get) << u"/v1/users/bob"_s << int(Role::Support)
                                 << false << 200;
        QTest::newRow("operator") << int(HttpMethod::Put) << u"/v1/users/bob/tier"_s
                                  << int(Role::Operator) << false << 403;
        QTest::newRow("admin") << int(HttpMethod::Put) << u"/v1/users/bob/tier"_s
                               << int(Role::Admin) << false << 200;
        QTest::newRow("public") << int(HttpMethod::Get) << u"/healthz"_s << int(Role::None) << false
                                << 200;
        QTest::newRow("public, bad key")
            << int(HttpMethod::Get) << u"/healthz"_s << int(Role::None) << true << 200;
    }

    void rolesAreChecked()
    {
        QFETCH(int, method);
        QFETCH(QString, path);
        QFETCH(int, role);
        QFETCH(bool, badKey);
        QFETCH(int, status);
        QHash<QString, QString> seen;
        const ApiRouter router = sampleRouter(&seen);
        auto dispatch = [&](ApiRequest &request, ApiReply &reply) {
            request.badKey = badKey;
            router.dispatch(request, reply);
        };
        const Answer answer = call(dispatch, HttpMethod(method), path, Role(role));
        QCOMPARE(answer.status, status);
        if (status == 401) {
            QCOMPARE(answer.header("www-authenticate"), QByteArray("Bearer"));
            QVERIFY(answer.body.value("message"_L1)
                        .toString()
                        .contains(badKey ? u"not valid"_s : u"X-API-Key"_s));
        }
        if (status == 403)
            QVERIFY(answer.body.value("message"_L1).toString().contains(u"tester"_s));
    }

    void routeTableMatrixInProcess()
    {
        RuntimeFixture fixture;
        QVERIFY(fixture.open());
        ApiService service(*fixture.runtime);
        auto dispatch = [&](Role role) {
            return [&service, role](ApiRequest &request, ApiReply &reply) {
                if (role == Role::None)
                    service.handle(request, reply);
                else
                    service.handleLocal(request, reply, role, u"tester"_s);
            };
        };
        int cells = 0;
        for (const ApiRouteSpec &route : apiRoutes()) {
            const QString path = concretePath(route.pattern);
            for (const Role role :
                 {Role::None, Role::Client, Role::Support, Role::Operator, Role::Admin}) {
                const Answer answer =
                    call(dispatch(role), route.method, path, role, QByteArray("{}"));
                const QString cell = QString(methodName(route.method)) + u' ' + path + u" as "_s +
                                     QString::number(int(role)) + u": "_s +
                                     QString::number(answer.status) + u' ' + answer.error();
                QVERIFY2(answer.answered, qPrintable(cell));
                if (role < route.minRole)
                    QVERIFY2(answer.status == (role == Role::None ? 401 : 403), qPrintable(cell));
                else
                    QVERIFY2(answer.status != 401 && answer.status != 403 && answer.status != 405 &&
                                 answer.error() != u"NOT_FOUND",
                             qPrintable(cell));
                ++cells;
            }
        }
        QCOMPARE(cells, int(apiRoutes().size()) * 5);
    }
};

QTEST_GUILESS_MAIN(TestApiRouter)
#include "tst_apirouter.moc"
