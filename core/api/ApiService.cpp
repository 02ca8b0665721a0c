#include "api/ApiService.h"

#include "api/AccessLog.h"
#include "api/ApiRoutes.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

namespace sluice {

ApiService::ApiService(EngineRuntime &runtime, Options options, QObject *parent)
    : QObject(parent)
    , m_runtime(runtime)
    , m_log(options.log)
    , m_keys(runtime.store(), runtime.clock())
    , m_throttle(runtime.clock(), options.throttle)
    , m_tracker(runtime.engine())
    , m_dashboard(runtime.engine(), runtime.control(), options.dashboard)
    , m_tickets(runtime, m_tracker, options.ticketCoalesceMs)
    , m_context{runtime, m_keys, m_tracker, m_dashboard, options.log}
{
    addApiRoutes(m_router, m_context);
}

ApiService::~ApiService() = default;

qint64 ApiService::authenticate(ApiRequest &request)
{
    request.authenticated = true;
    const QByteArray presented = ApiKeys::presentedKey(request);
    if (presented.isEmpty())
        return 0;
    if (const std::optional<ApiKeys::Identity> identity = m_keys.authenticate(presented)) {
        request.role = identity->role;
        request.actor = identity->name;
        request.keyId = identity->keyId;
        m_throttle.succeeded(request.peer);
        return 0;
    }
    request.badKey = true;
    return m_throttle.failed(request.peer);
}

bool ApiService::admitHead(ApiRequest &head, ApiReply &reply)
{
    const qint64 delay = authenticate(head);
    if (!head.badKey)
        return true;
    QTimer::singleShot(delay, &reply, [this, head, target = QPointer(&reply)]() mutable {
        if (target)
            dispatch(head, *target);
    });
    return false;
}

void ApiService::handle(ApiRequest request, ApiReply &reply)
{
    const qint64 delay = request.authenticated ? 0 : authenticate(request);
    if (delay <= 0) {
        dispatch(request, reply);
        return;
    }
    QTimer::singleShot(delay, &reply,
                       [this, request = std::move(request), target = QPointer(&reply)]() mutable {
                           if (target)
                               dispatch(request, *target);
                       });
}

void ApiService::handleLocal(ApiRequest request, ApiReply &reply, Role role, const QString &actor)
{
    request.role = role;
    request.actor = actor;
    request.keyId.clear();
    request.badKey = false;
    dispatch(request, reply);
}

void ApiService::dispatch(ApiRequest &request, ApiReply &reply)
{
    if (m_log) {
        QElapsedTimer timer;
        timer.start();
        AccessLog::RequestLine line;
        line.at = m_runtime.clock().now();
        line.peer = request.peer;
        line.method = request.method;
        line.path = request.path;
        line.actor = request.actor;
        connect(&reply, &ApiReply::finished, this, [this, line, timer, target = &reply]() mutable {
            line.status = target->status();
            line.error = target->errorCode();
            line.micros = timer.nsecsElapsed() / 1000;
            m_log->request(line);
        });
    }
    m_router.dispatch(request, reply);
}

} // namespace sluice
