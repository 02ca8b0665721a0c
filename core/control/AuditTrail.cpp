#include "control/AuditTrail.h"

namespace sluice {

AuditTrail::AuditTrail(const Clock &clock, BatchSink sink, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_sink(std::move(sink))
{}

void AuditTrail::record(const QString &actor, const QString &action, const QString &target,
                        const QString &detail)
{
    const AuditEntry entry{0, m_clock.now(), actor, action, target, detail};
    StoreBatch batch;
    batch.appendAudit(entry);
    m_sink(std::move(batch));
    emit audited(entry);
}

Result<Done> AuditTrail::recordOnSuccess(Result<Done> result, const QString &actor,
                                         const QString &action, const QString &target,
                                         const QString &detail)
{
    if (result)
        record(actor, action, target, detail);
    return result;
}

} // namespace sluice
