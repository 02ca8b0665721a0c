#pragma once

#include "api/ApiReply.h"
#include "protocol/ApiRequest.h"

#include <functional>

namespace sluice {

/// The route table of the API: method + path pattern + the least role allowed + handler.
/// Patterns are literal segments and placeholders: "/v1/requests/{id}" binds one segment
/// (percent-decoded) to "id"; a last placeholder "{path*}" binds the rest of the path,
/// slashes included and still percent-encoded (possibly empty).
///
/// dispatch() answers what no handler should have to: 404 for an unknown path, 405 (with
/// Allow) for a known path with another method, 401 when the route needs a key and none or a
/// bad one came, 403 when the key's role is too low; otherwise it fills request.params and
/// calls the handler. Matching tries the routes in the order they were added.
/// Not thread-safe; build it once, then dispatch from one thread.
class ApiRouter
{
public:
    using Handler = std::function<void(ApiRequest &request, ApiReply &reply)>;

    struct Route
    {
        HttpMethod method = HttpMethod::Get;
        QString pattern;
        Role minRole = Role::None; ///< None: public
        Handler handler;
        QStringList segments;
    };

    struct Match
    {
        enum class Kind : quint8
        {
            Found,
            NotFound,
            MethodNotAllowed
        };
        Kind kind = Kind::NotFound;
        const Route *route = nullptr;
        QHash<QString, QString> params;
        QList<HttpMethod> allowed; ///< MethodNotAllowed: the methods the path has
    };

    void add(HttpMethod method, const QString &pattern, Role minRole, Handler handler);
    Match match(HttpMethod method, QStringView path) const;
    void dispatch(ApiRequest &request, ApiReply &reply) const;
    const QList<Route> &routes() const { return m_routes; }

private:
    static bool matches(const Route &route, const QList<QStringView> &segments,
                        QHash<QString, QString> *params);

    QList<Route> m_routes;
};

} // namespace sluice
