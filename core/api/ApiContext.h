#pragma once

#include "runtime/EngineRuntime.h"

namespace sluice {

class AccessLog;
class ApiKeys;
class DashboardPublisher;
class RequestTracker;

/// What the route handlers work with, wired once by ApiService. Plain references; the owner
/// keeps them alive for as long as requests are handled.
struct ApiContext
{
    EngineRuntime &runtime;
    ApiKeys &keys;
    RequestTracker &tracker;
    DashboardPublisher &dashboard;
    AccessLog *log = nullptr;  ///< decisions are logged here when set
    bool shuttingDown = false; ///< set on graceful shutdown: /readyz fails, acquire refuses
};

} // namespace sluice
