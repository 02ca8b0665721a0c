#pragma once

#include <QLatin1StringView>

#include <array>

namespace sluice::ctl {

/// sluicectl's exit codes: what a script can branch on. Documented in --help and the man page.
enum class ExitCode : int
{
    Ok = 0,
    Error = 1,         ///< anything else: a server error, an answer that is not JSON, a file
    Usage = 2,         ///< a bad command line or settings file
    Unreachable = 3,   ///< no answer: refused, unknown host, TLS, timeout, 503
    Auth = 4,          ///< no key, a bad key (401), a role too low (403), throttled (429)
    NotFound = 5,      ///< an unknown pool, alert, key or version (404)
    Conflict = 6,      ///< the configuration changed since it was read (412), or 409
    Invalid = 7,       ///< a value the gateway refused (400, 422), or a bad configuration file
    StillDraining = 8, ///< drain --wait gave up at --max-wait
};

struct ExitCodeDoc
{
    ExitCode code;
    QLatin1StringView meaning;
};

/// Every code with one line saying when it is returned, for --help (the man page says the same).
inline constexpr std::array kExitCodes{
    ExitCodeDoc{ExitCode::Ok, QLatin1StringView("success")},
    ExitCodeDoc{ExitCode::Error, QLatin1StringView("any other error (server error, bad answer)")},
    ExitCodeDoc{ExitCode::Usage, QLatin1StringView("bad command line or settings file")},
    ExitCodeDoc{ExitCode::Unreachable,
                QLatin1StringView("gateway unreachable: refused, unknown host, TLS, timeout, 503")},
    ExitCodeDoc{
        ExitCode::Auth,
        QLatin1StringView("no key, key refused (401), role too low (403), throttled (429)")},
    ExitCodeDoc{ExitCode::NotFound, QLatin1StringView("unknown pool, alert, key or version (404)")},
    ExitCodeDoc{ExitCode::Conflict,
                QLatin1StringView("configuration changed since it was read (412), or 409")},
    ExitCodeDoc{ExitCode::Invalid,
                QLatin1StringView("value refused (400, 422) or bad config file")},
    ExitCodeDoc{ExitCode::StillDraining,
                QLatin1StringView("drain --wait: still draining at --max-wait")},
};

inline int toInt(ExitCode code)
{
    return static_cast<int>(code);
}

} // namespace sluice::ctl
