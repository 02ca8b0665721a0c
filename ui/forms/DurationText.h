#pragma once

#include <QString>

#include <optional>

namespace sluice {

/// Durations as the Limits form shows and takes them: "250 ms", "1.5 s", "90 s" reads
/// "1 min 30 s", "5 min", "1 h 30 min", "1 d". Pure functions.
class DurationText
{
public:
    /// How far a text is from a duration.
    enum class Parse : quint8
    {
        Complete,   ///< a duration: the value is set
        Incomplete, ///< could become one with more typing ("5 m", "1.", "")
        Invalid,    ///< cannot ("abc", "5 min min")
    };

    /// The shortest exact form of `ms` in the largest units; whole seconds under a minute
    /// with a fraction read "1.5 s".
    static QString format(qint64 ms);
    /// Reads "<number> <unit>" pairs (units ms, s, min, h, d; "m" is minutes; spaces
    /// optional; "1 h 30 min"), or a bare number of milliseconds. `ms` receives the value.
    static Parse parse(QStringView text, qint64 *ms);
};

} // namespace sluice
