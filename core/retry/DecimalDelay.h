#pragma once

#include <QByteArrayView>

#include <optional>

namespace sluice::detail {

/// Longest delay any retry-hint parser returns: 2^31 seconds, the value RFC 9111 section
/// 1.2.2 tells recipients to assume for a delta-seconds too large to represent.
inline constexpr qint64 kMaxParsedDelayMs = (qint64(1) << 31) * 1000;

/// Parses a non-negative decimal ("12", "1.5"; no sign, no exponent) counting units of
/// msPerUnitNum / msPerUnitDen milliseconds, into milliseconds rounded up and saturated at
/// kMaxParsedDelayMs. nullopt for anything else.
std::optional<qint64> parseDecimalDelayMs(QByteArrayView text, qint64 msPerUnitNum,
                                          qint64 msPerUnitDen = 1);

} // namespace sluice::detail
