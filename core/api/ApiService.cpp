#include "api/ApiService.h"

#include "api/AccessLog.h"
#include "api/ApiRoutes.h"
#include "control/AuditTrail.h"

#include "store/Store.h"
#include "store/StoreReader.h"

#include <QElapsedTimer>
#include <QPointer>

namespace sluice {

using namespace Qt::StringLiterals;

ApiService::ApiService(EngineRuntime &runtime, Options options, QObject *parent)
    : QObject(parent)
    , m_runtime(runtime)
    , m_log(options.log)
    , m_keys(runtime.store(), runtime.clock(),
             [&runtime](StoreBatch batch) -> Result<Done> {
                 runtime.append(std::move(batch));
                 return Done{};
             })
    , m_ownTimers(options.timers ? nullptr : std::make_unique<Scheduler>(m_systemClock, true))
    , m_timers(options.timers ? *options.timers : *m_ownTimers)
    , m_throttleClock(options.throttleClock ? *options.throttleClock : m_systemClock)
    , m_throttle(m_throttleClock, options.throttle)
    , m_held(m_throttleClock, options.throttle.capacity,
             [this](ApiRequest &request, ApiReply &reply) { dispatch(request, reply); })
    , m_tracker(runtime.engine())
    , m_dashboard(runtime.engine(), runtime.configVersions(), runtime.alerts(), m_timers,
                  options.dashboard)
    , m_tickets(runtime, m_tracker, m_timers, options.ticketCoalesceMs)
    , m_context{runtime, m_keys, m_tracker, m_dashboard, options.log}
{
    addApiRoutes(m_router, m_context);
    // Announced once written, so that a dashboard reading the log then finds the entry.
    connect(&runtime.audit(), &AuditTrail::audited, this, [this] {
        m_runtime.whenDurable([target = QPointer<ApiService>(this)] {
            if (ApiService *service = target.data())
                service->m_dashboard.noteAudited();
        });
    });
    m_keyReload.setInterval(ApiKeys::kReloadMs);
    connect(&m_keyReload, &QTimer::timeout, this, &ApiService::reloadKeys);
    m_keyReload.start();
}

ApiService::~ApiService() = default;

void ApiService::reloadKeys()
{
    // Read on the store reader's thread; a table that cannot be read keeps the keys held.
    m_runtime.reader().read<Result<QList<ApiKeyRow>>>(
        [](const Store &store) { return store.readApiKeys(); },
        [self = QPointer<ApiService>(this)](const Result<QList<ApiKeyRow>> &rows) {
            if (!rows)
                qWarning().noquote() << "API keys not reloaded:" << rows.error().message;
            else if (self)
                self->m_keys.adopt(*rows);
        });
}

ApiService::KeyCheck ApiService::authenticate(ApiRequest &request)
{
    using Verdict = KeyCheck::Verdict;
    request.authenticated = true;
    const QByteArray presented = ApiKeys::presentedKey(request);
    if (presented.isEmpty())
        return {};
    if (const qint64 locked = m_throttle.lockedFor(request.peer); locked > 0) {
        request.badKey = true;
        return {Verdict::Locked, locked};
    }
    if (const std::optional<ApiKeys::Identity> identity = m_keys.authenticate(presented)) {
        request.role = identity->role;
        request.actor = identity->name;
        request.keyId = identity->keyId;
        return {};
    }
    request.badKey = true;
    return {Verdict::Refused, m_throttle.failed(request.peer)};
}

ApiResponse ApiService::throttledResponse(qint64 retryAfterMs)
{
    const qint64 seconds = std::max<qint64>(1, (retryAfterMs + 999) / 1000);
    return ApiResponse::error(429, u"AUTH_THROTTLED"_s,
                              u"Too many bad API keys from this address: no key from it is "
                              "checked for %1 s more"_s.arg(seconds))
        .withHeader("retry-after", QByteArray::number(seconds));
}

bool ApiService::refuse(const KeyCheck &check, const ApiRequest &request, ApiReply &reply)
{
    switch (check.verdict) {
    case KeyCheck::Verdict::Accepted:
        return false;
    case KeyCheck::Verdict::Locked:
        reply.respond(throttledResponse(check.delayMs));
        return true;
    case KeyCheck::Verdict::Refused:
        if (!m_held.hold(m_throttleClock.now() + check.delayMs, request, reply))
            reply.respond(throttledResponse(check.delayMs)); // too many held: refuse now
        return true;
    }
    return true;
}

bool ApiService::admitHead(ApiRequest &head, ApiReply &reply)
{
    return !refuse(authenticate(head), head, reply);
}

void ApiService::handle(ApiRequest request, ApiReply &reply)
{
    if (!request.authenticated && refuse(authenticate(request), request, reply))
        return;
    dispatch(request, reply);
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
