#pragma once

#include "api/ApiContext.h"
#include "api/ApiRouter.h"

#include <span>

namespace sluice {

/// One route of the API. The table of them (apiRoutes()) is the role matrix: the least role
/// each route needs. Roles include the ones below them (client < support < operator <
/// admin). Client-flow routes on one request (status, cancel, release, heartbeat) let a
/// client key act on the requests it made; acting on others' needs support (status) or
/// operator (the rest).
struct ApiRouteSpec
{
    HttpMethod method;
    QLatin1StringView pattern;
    Role minRole; ///< Role::None: public
    void (*handler)(ApiContext &, ApiRequest &, ApiReply &);
    QLatin1StringView summary;
};

/// The whole table, in matching order. Immutable.
std::span<const ApiRouteSpec> apiRoutes();
/// Adds every route of the table to `router`, bound to `context`.
void addApiRoutes(ApiRouter &router, ApiContext &context);

} // namespace sluice
