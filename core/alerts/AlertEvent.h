#pragma once

#include "store/StoreRecords.h"

namespace sluice {

/// A change of one alert, for the store and the sinks (dashboard, webhook, log).
/// `record` is the alert as it is after the change. Plain value.
struct AlertEvent
{
    enum class Kind : quint8
    {
        Fired,        ///< a rule's condition held long enough
        Cleared,      ///< utilisation fell below the rule's clear level, or it went away
        Acknowledged, ///< an operator acknowledged a firing alert; it keeps firing
        Test,         ///< an operator sent a test alert; it is never active
    };

    Kind kind = Kind::Fired;
    AlertRecord record;
};

} // namespace sluice
