#pragma once

#include <QJsonValue>
#include <QString>

namespace sluice::ctl {

/// How sluicectl shows the API's values to people.
/// A time in ms since the epoch as local "yyyy-MM-dd HH:mm:ss"; "-" for 0 or absent.
QString showTime(const QJsonValue &ms);
/// A limit: "unlimited" for null or absent, else the number.
QString showLimit(const QJsonValue &value);
/// Nano-USD as dollars, e.g. "$0.0123".
QString showCost(const QJsonValue &nanoUsd);
/// A duration in ms, e.g. "850 ms", "12.5 s", "3 min".
QString showDuration(const QJsonValue &ms);
/// Any scalar: whole numbers without decimals, true/false, strings as they are, "-" for
/// null or absent; objects and arrays as compact JSON.
QString show(const QJsonValue &value);

} // namespace sluice::ctl
