#pragma once

#include "config/ConfigDiff.h"

#include <functional>

class QTableWidget;
class QWidget;

namespace sluice {

/// Says, for one change, what to mark it with in a fourth column ("" for nothing).
using ChangeMark = std::function<QString(const ConfigChange &change)>;

/// A read-only table of configuration changes, one row each: the setting as the forms label
/// it (settingLabel, the path on hover), before, after; with `mark`, a fourth column. Used by
/// the Apply review and the conflict dialog alike.
QTableWidget *changeTable(const QList<ConfigChange> &changes, QWidget *parent,
                          const ChangeMark &mark = {});

} // namespace sluice
