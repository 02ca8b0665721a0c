#pragma once

#include "protocol/ApiTypes.h"

#include <QString>

namespace sluice::display {

/// Short human forms of the values the dashboard shows. Pure functions.

/// "45 s", "3 min 05 s", "2 h 10 min", "1 d 4 h"; negative durations read as "0 s".
QString duration(qint64 ms);
/// "$0.0165", "$12.40": nano-USD (1e9 per dollar) with enough digits to show cents.
QString usd(qint64 nanoUsd);
/// "1 credit", "1,432 credits" (1 credit = USD 0.01).
QString credits(qint64 value);
/// Spend as "$4.32 · 432 credits".
QString spend(qint64 nanoUsd, qint64 credits);
/// Local date and time, "2026-01-01 10:00:05"; "-" for 0.
QString dateTime(TimeMs at);
/// Local time of day, "10:00:05".
QString timeOfDay(TimeMs at);
/// Local time of day to the minute with the time zone, "00:00 UTC", "01:00 CET".
QString clockTime(TimeMs at);
/// "connected", "reconnecting", "auth failed", ...
QString connectionState(ConnectionState state);
/// The mode as the dashboard shows it: today its wire name (poolModeName).
QString poolMode(PoolMode mode);
/// A whole number with thousands separators, "12,345"; "unlimited" for a negative limit.
QString count(qint64 value);
/// A count with its noun in the right number: "1 request", "12,345 requests".
QString counted(qint64 value, QStringView one, QStringView many);
QString limit(qint64 value);
/// "80%" for 0.8.
QString percent(double fraction);

} // namespace sluice::display
