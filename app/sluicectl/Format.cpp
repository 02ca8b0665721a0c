#include "Format.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

QString showTime(const QJsonValue &ms)
{
    const qint64 value = qint64(ms.toDouble());
    if (value <= 0)
        return u"-"_s;
    return QDateTime::fromMSecsSinceEpoch(value).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString showLimit(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return u"unlimited"_s;
    return show(value);
}

QString showCost(const QJsonValue &nanoUsd)
{
    return u"$"_s + QString::number(nanoUsd.toDouble() / 1e9, 'f', 4);
}

QString showDuration(const QJsonValue &ms)
{
    if (ms.isNull() || ms.isUndefined())
        return u"-"_s;
    const double value = ms.toDouble();
    if (value < 1000)
        return QString::number(std::llround(value)) + u" ms"_s;
    if (value < 60'000)
        return QString::number(value / 1000, 'f', 1) + u" s"_s;
    return QString::number(value / 60'000, 'f', 1) + u" min"_s;
}

QString show(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return u"-"_s;
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::floor(number) == number && std::fabs(number) < 1e15)
            return QString::number(qint64(number));
        return QString::number(number, 'g', 6);
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

} // namespace sluice::ctl
