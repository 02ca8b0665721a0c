#pragma once

#include "TextTable.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sluice::ctl {

/// The tables several commands print: pools, one pool in detail, alerts.
TextTable poolsTable(const QJsonArray &pools);
TextTable poolDetails(const QJsonObject &pool);
TextTable alertsTable(const QJsonArray &alerts);
/// "3 waiting, 2 in flight" and the like, for one line of progress or a confirmation.
QString poolSummary(const QJsonObject &pool);

} // namespace sluice::ctl
