#include "runtime/AdmissionService.h"

namespace sluice {

void AdmissionService::letGo(RequestId id, bool lease, const Usage &usage, Ended released)
{
    if (lease)
        return release(id, usage, std::move(released));
    cancel(id, [this, id, usage, released = std::move(released)](const Result<Done> &cancelled) {
        if (!cancelled) // granted meanwhile: it is a lease now
            release(id, usage, released);
    });
}

void AdmissionService::giveBack(const Decision &decision)
{
    if (!decision.granted() && !decision.queued())
        return;
    Usage refund;
    refund.refund = true;
    letGo(decision.id, decision.granted(), refund, [](const Result<Done> &) {});
}

} // namespace sluice
