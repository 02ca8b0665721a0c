#include "runtime/AdmissionService.h"

namespace sluice {

void AdmissionService::giveBack(const Decision &decision)
{
    const auto ignore = [](const OpResult &) {
    };
    if (decision.granted()) {
        Usage usage;
        usage.refund = true;
        release(decision.id, usage, ignore);
    } else if (decision.queued()) {
        cancel(decision.id, [this, id = decision.id](const OpResult &cancelled) {
            // Granted meanwhile: it is a lease now.
            if (!cancelled) {
                Usage usage;
                usage.refund = true;
                release(id, usage, [](const OpResult &) {});
            }
        });
    }
}

} // namespace sluice
