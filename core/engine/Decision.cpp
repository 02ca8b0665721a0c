#include "engine/Decision.h"

#include "util/EnumNames.h"

namespace sluice {

namespace {
constexpr EnumNames kOutcomes{std::array{
    std::pair{Outcome::Granted, u"granted"},
    std::pair{Outcome::Queued, u"queued"},
    std::pair{Outcome::Rejected, u"rejected"},
}};
} // namespace

QString outcomeName(Outcome outcome)
{
    return kOutcomes.name(outcome, Outcome::Rejected);
}

std::optional<Outcome> outcomeFromName(QStringView name)
{
    return kOutcomes.value(name);
}

} // namespace sluice
