#include "api/ApiRouter.h"

#include "protocol/WireRecords.h"

#include <QUrl>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
bool isPlaceholder(QStringView segment)
{
    return segment.startsWith(u'{') && segment.endsWith(u'}');
}

bool isTail(QStringView segment)
{
    return segment.endsWith(u"*}");
}

QString placeholderName(QStringView segment)
{
    return segment.mid(1, segment.size() - (isTail(segment) ? 3 : 2)).toString();
}

QList<QStringView> splitPath(QStringView path)
{
    if (path.size() > 1 && path.endsWith(u'/'))
        path.chop(1);
    if (path.startsWith(u'/'))
        path = path.mid(1);
    QList<QStringView> segments;
    if (path.isEmpty())
        return segments;
    for (const QStringView segment : path.tokenize(u'/'))
        segments.append(segment);
    return segments;
}
} // namespace

void ApiRouter::add(HttpMethod method, const QString &pattern, Role minRole, Handler handler)
{
    Route route{method, pattern, minRole, std::move(handler), {}};
    for (const QStringView segment : splitPath(pattern))
        route.segments.append(segment.toString());
    m_routes.append(std::move(route));
}

bool ApiRouter::matches(const Route &route, const QList<QStringView> &segments,
                        QHash<QString, QString> *params)
{
    const qsizetype count = route.segments.size();
    for (qsizetype i = 0; i < count; ++i) {
        const QString &expected = route.segments[i];
        if (isPlaceholder(expected) && isTail(expected)) {
            if (params) {
                QStringList rest;
                for (qsizetype j = i; j < segments.size(); ++j)
                    rest.append(segments[j].toString());
                params->insert(placeholderName(expected), rest.join(u'/'));
            }
            return true;
        }
        if (i >= segments.size() || segments[i].isEmpty())
            return false;
        if (isPlaceholder(expected)) {
            if (params)
                params->insert(placeholderName(expected),
                               QUrl::fromPercentEncoding(segments[i].toUtf8()));
        } else if (segments[i] != expected) {
            return false;
        }
    }
    return segments.size() == count;
}

ApiRouter::Match ApiRouter::match(HttpMethod method, QStringView path) const
{
    Match result;
    const QList<QStringView> segments = splitPath(path);
    for (const Route &route : m_routes) {
        if (!matches(route, segments, nullptr))
            continue;
        if (route.method == method) {
            result.kind = Match::Kind::Found;
            result.route = &route;
            matches(route, segments, &result.params);
            return result;
        }
        if (!result.allowed.contains(route.method))
            result.allowed.append(route.method);
    }
    if (!result.allowed.isEmpty())
        result.kind = Match::Kind::MethodNotAllowed;
    return result;
}

void ApiRouter::dispatch(ApiRequest &request, ApiReply &reply) const
{
    Match found = match(request.method, request.path);
    const QString what = QString(methodName(request.method)) + u' ' + request.path;
    if (found.kind == Match::Kind::NotFound) {
        reply.respond(
            ApiResponse::error(404, errors::kNotFound,
                               u"No route for %1 (docs/openapi.yaml lists the API)"_s.arg(what)));
        return;
    }
    if (found.kind == Match::Kind::MethodNotAllowed) {
        QStringList names;
        for (const HttpMethod method : std::as_const(found.allowed))
            names.append(methodName(method));
        const QString allowed = names.join(u", "_s);
        reply.respond(
            ApiResponse::error(405, errors::kMethodNotAllowed,
                               u"%1 is not allowed on %2; allowed: %3"_s.arg(
                                   QString(methodName(request.method)), request.path, allowed))
                .withHeader("allow", allowed.toLatin1()));
        return;
    }
    const Route &route = *found.route;
    if (route.minRole != Role::None && request.role == Role::None) {
        const QString message =
            request.badKey
                ? u"The API key is not valid (unknown, revoked or malformed)"_s
                : u"%1 needs an API key with the %2 role: send it as X-API-Key or Authorization: Bearer"_s
                      .arg(what, roleName(route.minRole));
        reply.respond(ApiResponse::error(401, errors::kUnauthorized, message)
                          .withHeader("www-authenticate", "Bearer"));
        return;
    }
    if (request.role < route.minRole) {
        reply.respond(ApiResponse::error(
            403, errors::kForbidden,
            u"%1 needs the %2 role; the key '%3' has the %4 role"_s.arg(
                what, roleName(route.minRole), request.actor, roleName(request.role))));
        return;
    }
    request.params = std::move(found.params);
    route.handler(request, reply);
}

} // namespace sluice
