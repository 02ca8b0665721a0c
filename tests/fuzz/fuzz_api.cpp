// JSON request decoding: a body sent to one of the API's routes that take one (acquire,
// release, config, keys, ...), through the route table and its decoders as the gateway would
// hand it over, to a real engine that keeps its state between inputs.
#include "FuzzGateway.h"

#include "api/ApiRoutes.h"
#include "engine/Engine.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

/// The routes that read a body.
QList<const ApiRouteSpec *> bodyRoutes()
{
    QList<const ApiRouteSpec *> routes;
    for (const ApiRouteSpec &route : apiRoutes()) {
        if (route.method == HttpMethod::Post || route.method == HttpMethod::Put ||
            route.method == HttpMethod::Patch)
            routes << &route;
    }
    return routes;
}

/// The route's path with its placeholders filled: with a live request, pool "llm" and such
/// when `given` is empty, otherwise with `given` (percent-encoded path text from the input).
QString fillPath(QLatin1StringView pattern, const QString &liveRequest, const QString &given)
{
    static const QRegularExpression kPlaceholder(u"\\{([a-z]+)\\}"_s);
    const QString text = QString(pattern);
    QString path;
    qsizetype at = 0;
    for (const QRegularExpressionMatch &m : kPlaceholder.globalMatch(text)) {
        path += QStringView(text).sliced(at, m.capturedStart() - at);
        const QStringView name = m.capturedView(1);
        if (!given.isEmpty())
            path += given;
        else if (name == u"id")
            path += liveRequest;
        else if (name == u"user")
            path += u"u1"_s;
        else
            path += u"llm"_s; // {pool}, {name}
        at = m.capturedEnd();
    }
    return path + QStringView(text).sliced(at);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static fuzz::FuzzGateway gateway;
    static const QList<const ApiRouteSpec *> routes = bodyRoutes();

    // A flags byte, a line naming the route ("PUT /v1/config"; another line picks one by its
    // bytes), with flag 1 a line with the path placeholders' value, then the body.
    fuzz::FuzzInput input(data, size);
    const std::uint8_t flags = input.byte();
    QByteArrayView rest = input.rest();
    const auto line = [&rest] {
        const qsizetype newline = rest.indexOf('\n');
        const QByteArrayView text = newline < 0 ? rest : rest.first(newline);
        rest = newline < 0 ? QByteArrayView() : rest.sliced(newline + 1);
        return text;
    };
    const QByteArrayView routeName = line();
    const ApiRouteSpec *route = nullptr;
    std::size_t hash = 0;
    for (const ApiRouteSpec *candidate : routes) {
        const QString name = methodName(candidate->method) + u' ' + candidate->pattern;
        if (QString::fromUtf8(routeName) == name)
            route = candidate;
    }
    for (const char c : routeName)
        hash = hash * 31 + std::uint8_t(c);
    if (!route)
        route = routes[qsizetype(hash % std::size_t(routes.size()))];
    QString given;
    if (flags & 1) {
        const QByteArrayView value = line();
        given = QString::fromUtf8(value.first(std::min<qsizetype>(value.size(), 64)));
    }

    // A live ticket or lease for the routes on one request.
    QString liveRequest = u"1"_s;
    if (flags & 2) {
        ApiRequest acquire;
        acquire.method = HttpMethod::Post;
        acquire.path = u"/v1/acquire"_s;
        acquire.body = R"({"pool": "llm", "user": "u1", "tokens": 10})";
        const ApiResponse granted = gateway.call(acquire);
        liveRequest = QJsonDocument::fromJson(granted.serializedBody())
                          .object()
                          .value("requestId"_L1)
                          .toString();
    }

    ApiRequest request;
    request.method = route->method;
    request.path = fillPath(route->pattern, liveRequest, given);
    request.body = rest.toByteArray();
    const int status = gateway.call(request, (flags & 4) ? Role::Client : Role::Admin).status;
    if (status == 0)
        fuzz::fail("a request that was never answered");
    if (status >= 500 && status != 503)
        fuzz::fail("a request body that made the server fail (5xx)");
    // Let leases expire and queues time out now and then, so that the engine does not fill up.
    gateway.advance((flags >> 4) * qint64(60'000));
    return 0;
}
