#include "CommandTable.h"

#include "Commands.h"

#include <array>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
// clang-format off
constexpr std::array kOptions{
    CtlOption{"url"_L1,       "URL"_L1,     "The gateway, e.g. https://gw.example:8787 (default http://127.0.0.1:8787)"_L1, true},
    CtlOption{"key"_L1,       "KEY"_L1,     "The API key (visible to other local users in ps: prefer --key-file or SLUICE_API_KEY)"_L1, true},
    CtlOption{"key-file"_L1,  "FILE"_L1,    "Read the API key from the first line of FILE"_L1, true},
    CtlOption{"config"_L1,    "FILE"_L1,    "Settings file (default $XDG_CONFIG_HOME/sluice/sluicectl.toml)"_L1, true},
    CtlOption{"json"_L1,      ""_L1,        "Print JSON for scripts instead of tables (errors too)"_L1, true},
    CtlOption{"insecure"_L1,  ""_L1,        "Do not verify the gateway's TLS certificate"_L1, true},
    CtlOption{"timeout"_L1,   "SECONDS"_L1, "Give up on an answer after SECONDS (default 10)"_L1, true},
    CtlOption{"help"_L1,      ""_L1,        "Show help (for a command: sluicectl COMMAND --help)"_L1, true},
    CtlOption{"version"_L1,   ""_L1,        "Show sluicectl's version"_L1, true},
    CtlOption{"limit"_L1,     "N"_L1,       "Show at most N entries (1-1000, default 100)"_L1, false},
    CtlOption{"offset"_L1,    "N"_L1,       "Skip the first N entries"_L1, false},
    CtlOption{"all"_L1,       ""_L1,        "Every entry, page by page"_L1, false},
    CtlOption{"wait"_L1,      ""_L1,        "Wait until the pool is drained, showing progress"_L1, false},
    CtlOption{"interval"_L1,  "MS"_L1,      "With --wait: ask every MS milliseconds (100-10000, default 1000)"_L1, false},
    CtlOption{"max-wait"_L1,  "SECONDS"_L1, "With --wait: give up after SECONDS (exit 8); the drain goes on"_L1, false},
    CtlOption{"yes"_L1,       ""_L1,        "Do not ask for confirmation"_L1, false},
    CtlOption{"tier"_L1,      ""_L1,        "NAME is a tier, not a pool"_L1, false},
    CtlOption{"create"_L1,    ""_L1,        "Add the pool or tier when there is none of that name"_L1, false},
    CtlOption{"note"_L1,      "TEXT"_L1,    "A note stored with the new configuration version"_L1, false},
    CtlOption{"if-match"_L1,  "VERSION"_L1, "Change only if VERSION is still in force (default: the version just read)"_L1, false},
    CtlOption{"force"_L1,     ""_L1,        "On a conflict, read the configuration again and apply the change to it"_L1, false},
    CtlOption{"unpin"_L1,     ""_L1,        "Remove the pinned tier: the user gets the default again"_L1, false},
    CtlOption{"name"_L1,      "NAME"_L1,    "The key's name (who uses it)"_L1, false},
    CtlOption{"role"_L1,      "ROLE"_L1,    "client, support, operator or admin"_L1, false},
    CtlOption{"actor"_L1,     "NAME"_L1,    "Only entries by this key name"_L1, false},
    CtlOption{"action"_L1,    "ACTION"_L1,  "Only this action, e.g. pool.pause or config.update"_L1, false},
    CtlOption{"target"_L1,    "TARGET"_L1,  "Only entries about this target, e.g. a pool"_L1, false},
    CtlOption{"from"_L1,      "TIME"_L1,    "Entries at or after TIME (ISO 8601, e.g. 2026-12-06T09:00, or ms since the epoch)"_L1, false},
    CtlOption{"to"_L1,        "TIME"_L1,    "Entries before TIME"_L1, false},
};

constexpr std::array kCommands{
    CtlCommand{"status"_L1, ""_L1, "Pools, tiers today and active alerts at a glance"_L1, ""_L1, ""_L1, 0, 0, true, runStatus},
    CtlCommand{"pools"_L1, "[POOL]"_L1, "Every pool's state, or one pool's in detail"_L1, ""_L1, ""_L1, 0, 1, true, runPools},
    CtlCommand{"queue"_L1, "POOL"_L1, "A pool's waiting tickets in queue order, a page at a time"_L1,
               "Pages with --limit and --offset; the footer names the next page. --all fetches every page."_L1,
               "limit offset all"_L1, 1, 1, true, runQueue},
    CtlCommand{"pause"_L1, "POOL"_L1, "Stop granting; keep accepting into the queue"_L1, ""_L1, ""_L1, 1, 1, true, runPause},
    CtlCommand{"resume"_L1, "POOL"_L1, "Grant again (also ends a drain)"_L1, ""_L1, ""_L1, 1, 1, true, runResume},
    CtlCommand{"drain"_L1, "POOL"_L1, "Accept nothing new; let waiting and running requests finish"_L1,
               "With --wait, shows how many are still waiting and in flight until the pool is drained. "
               "Interrupting the wait does not stop the drain: 'sluicectl resume POOL' does."_L1,
               "wait interval max-wait"_L1, 1, 1, true, runDrain},
    CtlCommand{"purge"_L1, "POOL"_L1, "Fail every waiting ticket with QUEUE_PURGED (leases stay)"_L1,
               "Asks for confirmation on a terminal; elsewhere needs --yes."_L1, "yes"_L1, 1, 1, true, runPurge},
    CtlCommand{"user show"_L1, "USER"_L1, "A user's quota today, last 30 days and recent rejections"_L1, ""_L1, ""_L1, 1, 1, true, runUserShow},
    CtlCommand{"user tier"_L1, "USER [TIER]"_L1, "Pin a user's tier, or --unpin it"_L1, ""_L1, "unpin"_L1, 1, 2, true, runUserTier},
    CtlCommand{"limits get"_L1, "[NAME]"_L1, "The limits in force: every pool and tier, or one in detail"_L1,
               "With --tier, NAME is a tier."_L1, "tier"_L1, 0, 1, true, runLimitsGet},
    CtlCommand{"limits set"_L1, "NAME KEY=VALUE..."_L1, "Change a pool's (or with --tier a tier's) limits"_L1,
               "Reads the configuration, then sends the change with If-Match of the version read, so a "
               "change made in between is never overwritten: that is a conflict (exit 6) naming the version "
               "now in force. Values: numbers, true/false, text, 'unlimited' for no limit; retry settings "
               "as retry.max_retries=5. Example: sluicectl limits set anthropic requests_per_minute=100 "
               "max_concurrent=10"_L1,
               "tier create note if-match force"_L1, 2, -1, true, runLimitsSet},
    CtlCommand{"limits apply"_L1, "FILE"_L1, "Replace the whole configuration with a TOML file's"_L1,
               "Checked with the gateway's rules; sent with If-Match like limits set. See limits diff first."_L1,
               "note if-match force"_L1, 1, 1, true, runLimitsApply},
    CtlCommand{"limits preset"_L1, "POOL PRESET"_L1, "Apply a preset (conservative, balanced, aggressive) to a pool"_L1, ""_L1,
               "note if-match force"_L1, 2, 2, true, runLimitsPreset},
    CtlCommand{"limits presets"_L1, ""_L1, "The presets and their limits"_L1, ""_L1, ""_L1, 0, 0, true, runLimitsPresets},
    CtlCommand{"limits diff"_L1, "FILE"_L1, "What a TOML configuration file would change on the gateway"_L1, ""_L1, ""_L1, 1, 1, true, runLimitsDiff},
    CtlCommand{"limits history"_L1, "[VERSION]"_L1, "Every configuration version, or one version's limits"_L1, ""_L1, ""_L1, 0, 1, true, runLimitsHistory},
    CtlCommand{"limits rollback"_L1, "VERSION"_L1, "Apply an older version again, as a new version"_L1, ""_L1,
               "if-match force"_L1, 1, 1, true, runLimitsRollback},
    CtlCommand{"alerts list"_L1, ""_L1, "Active alerts and history, newest first"_L1, ""_L1, "limit offset"_L1, 0, 0, true, runAlertsList},
    CtlCommand{"alerts ack"_L1, "ID"_L1, "Acknowledge a firing alert"_L1, ""_L1, ""_L1, 1, 1, true, runAlertsAck},
    CtlCommand{"alerts test"_L1, ""_L1, "Send a test alert to every sink"_L1, ""_L1, ""_L1, 0, 0, true, runAlertsTest},
    CtlCommand{"audit"_L1, ""_L1, "The audit log, newest first"_L1, ""_L1, "actor action target from to limit offset"_L1, 0, 0, true, runAudit},
    CtlCommand{"keys list"_L1, ""_L1, "API keys (never the keys themselves)"_L1, ""_L1, ""_L1, 0, 0, true, runKeysList},
    CtlCommand{"keys create"_L1, ""_L1, "Create a key; it is printed this once"_L1, ""_L1, "name role"_L1, 0, 0, true, runKeysCreate},
    CtlCommand{"keys revoke"_L1, "ID"_L1, "Revoke a key (takes effect at once)"_L1, ""_L1, ""_L1, 1, 1, true, runKeysRevoke},
    CtlCommand{"whoami"_L1, ""_L1, "The key's name and role, and the gateway's protocol version"_L1, ""_L1, ""_L1, 0, 0, true, runWhoami},
    CtlCommand{"completion"_L1, "bash"_L1, "Print the bash completion script"_L1,
               "Installed as share/bash-completion/completions/sluicectl; to try it: source <(sluicectl completion bash)"_L1,
               ""_L1, 1, 1, false, runCompletion},
};
// clang-format on
} // namespace

std::span<const CtlOption> ctlOptions()
{
    return kOptions;
}

std::span<const CtlCommand> ctlCommands()
{
    return kCommands;
}

const CtlCommand *findCommand(const QStringList &words, qsizetype *consumed)
{
    const CtlCommand *best = nullptr;
    *consumed = 0;
    for (const CtlCommand &command : kCommands) {
        const QStringList name = QString(command.name).split(u' ');
        if (name.size() > words.size() || name.size() <= *consumed)
            continue;
        if (words.mid(0, name.size()) == name) {
            best = &command;
            *consumed = name.size();
        }
    }
    return best;
}

QList<const CtlOption *> commandOptions(const CtlCommand &command)
{
    QList<const CtlOption *> options;
    const QStringList names = QString(command.options).split(u' ', Qt::SkipEmptyParts);
    for (const CtlOption &option : kOptions) {
        if (names.contains(QString(option.name)))
            options.append(&option);
    }
    return options;
}

const CtlOption *findOption(QLatin1StringView name)
{
    for (const CtlOption &option : kOptions) {
        if (option.name == name)
            return &option;
    }
    return nullptr;
}

} // namespace sluice::ctl
