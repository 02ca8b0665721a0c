#pragma once

#include "config/ConfigDiff.h"

#include <QJsonArray>
#include <QJsonObject>

#include <functional>
#include <optional>

namespace sluice::ctl {

class CtlRun;
struct ApiResult;

/// The pool (or tier) of that name in a configuration's JSON form.
std::optional<QJsonObject> namedItem(const QJsonObject &config, bool tier, const QString &name);
/// "There is no pool 'x' (pools: a, b)".
QString unknownItemMessage(const QJsonObject &config, bool tier, const QString &name);
QJsonArray changesToJson(const QList<ConfigChange> &changes);

/// A command-line value as JSON: "unlimited" or "null" -> null, true/false, integers,
/// decimals, anything else as text.
QJsonValue parseValue(const QString &text);

/// Sends a configuration change made from version `basedOn` (`send` gets the version for
/// If-Match) and prints the outcome. A 412 is a conflict naming the version now in force
/// (exit 6), unless --force: then the change is sent once more against that version.
int applyConfigChange(CtlRun &run, qint32 basedOn, const QString &what,
                      const std::function<ApiResult(qint32)> &send);

/// The version a change is made from: --if-match when given, else `read` (the version of
/// the configuration the command just read).
qint32 baseVersion(CtlRun &run, qint32 read);

} // namespace sluice::ctl
