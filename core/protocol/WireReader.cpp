#include "protocol/WireReader.h"

#include <QJsonDocument>

#include <cmath>

namespace sluice {

using namespace Qt::StringLiterals;

WireReader::WireReader(const QJsonObject &object, QString path, QList<FieldError> *errors)
    : m_object(object)
    , m_path(std::move(path))
    , m_errors(errors)
{}

QString WireReader::path(QLatin1StringView key) const
{
    return m_path.isEmpty() ? QString(key) : m_path + u'.' + key;
}

void WireReader::addError(const QString &field, const QString &message)
{
    m_errors->append({field, message});
}

void WireReader::addTypeError(const QString &field, const QString &expected, const QJsonValue &got)
{
    addError(field, u"%1 must be %2 (got %3)"_s.arg(field, expected, describe(got)));
}

QString WireReader::describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: {
        const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(text.mid(1, text.size() - 2));
    }
    case QJsonValue::String: {
        QString text = value.toString();
        if (text.size() > 40)
            text = text.left(40) + u"..."_s;
        return u'"' + text + u'"';
    }
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"nothing"_s;
}

std::optional<QJsonValue> WireReader::take(QLatin1StringView key, Need need)
{
    m_known << QString(key);
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd()) {
        if (need == Need::Required)
            addError(path(key), u"%1 is required"_s.arg(path(key)));
        return std::nullopt;
    }
    return it.value();
}

QString WireReader::text(QLatin1StringView key, Need need, qsizetype maxLength)
{
    const std::optional<QJsonValue> value = take(key, need);
    if (!value)
        return {};
    if (!value->isString()) {
        addTypeError(path(key), u"a string"_s, *value);
        return {};
    }
    QString result = value->toString();
    if (result.size() > maxLength) {
        addError(path(key),
                 u"%1 must be at most %2 characters (got %3)"_s.arg(
                     path(key), QString::number(maxLength), QString::number(result.size())));
        return {};
    }
    if (need == Need::Required && result.isEmpty())
        addError(path(key), u"%1 must not be empty"_s.arg(path(key)));
    return result;
}

qint64 WireReader::integer(QLatin1StringView key, Need need, qint64 fallback, qint64 min,
                           qint64 max)
{
    const std::optional<QJsonValue> value = take(key, need);
    return value ? integerValue(*value, path(key), fallback, min, max) : fallback;
}

qint64 WireReader::integerValue(const QJsonValue &value, const QString &field, qint64 fallback,
                                qint64 min, qint64 max)
{
    const double d = value.toDouble();
    const qint64 i = value.toInteger();
    if (!value.isDouble() || std::trunc(d) != d || (i == 0 && d != 0)) {
        addTypeError(field, u"an integer"_s, value);
        return fallback;
    }
    if (i < min || i > max) {
        addError(field, u"%1 must be between %2 and %3 (got %4)"_s.arg(
                            field, QString::number(min), QString::number(max), QString::number(i)));
        return fallback;
    }
    return i;
}

qint64 WireReader::limit(QLatin1StringView key, Need need)
{
    const std::optional<QJsonValue> value = take(key, need);
    if (!value || value->isNull())
        return -1;
    return integerValue(*value, path(key), -1, 0);
}

RequestId WireReader::requestId(QLatin1StringView key, Need need, RequestSecret *secret)
{
    const QString value = text(key, need, 16 + 1 + 2 * RequestSecret::kPartBytes);
    if (value.isEmpty())
        return 0;
    const std::optional<PublicRequestId> id = parsePublicRequestId(value);
    if (!id) {
        addError(path(key), u"%1 must be a request id (1 to 16 hex digits, not 0, then optionally "
                            "'-' and 24 hex digits; got \"%2\")"_s.arg(path(key), value));
        return 0;
    }
    if (secret && id->hasSecret)
        secret->idPart = id->idPart;
    return id->id;
}

QJsonValue WireReader::limitValue(qint64 limit)
{
    return limit < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(limit);
}

double WireReader::number(QLatin1StringView key, Need need, double fallback)
{
    const std::optional<QJsonValue> value = take(key, need);
    if (!value)
        return fallback;
    if (!value->isDouble()) {
        addTypeError(path(key), u"a number"_s, *value);
        return fallback;
    }
    return value->toDouble();
}

bool WireReader::boolean(QLatin1StringView key, Need need, bool fallback)
{
    const std::optional<QJsonValue> value = take(key, need);
    if (!value)
        return fallback;
    if (!value->isBool()) {
        addTypeError(path(key), u"true or false"_s, *value);
        return fallback;
    }
    return value->toBool();
}

QJsonObject WireReader::object(QLatin1StringView key, Need need)
{
    const std::optional<QJsonValue> value = take(key, need);
    if (!value)
        return {};
    if (!value->isObject()) {
        addTypeError(path(key), u"an object"_s, *value);
        return {};
    }
    return value->toObject();
}

QJsonArray WireReader::array(QLatin1StringView key, Need need)
{
    const std::optional<QJsonValue> value = take(key, need);
    if (!value)
        return {};
    if (!value->isArray()) {
        addTypeError(path(key), u"an array"_s, *value);
        return {};
    }
    return value->toArray();
}

void WireReader::rejectUnknown() const
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (m_known.contains(it.key()))
            continue;
        const QString field = m_path.isEmpty() ? it.key() : m_path + u'.' + it.key();
        m_errors->append({field, u"unknown field '%1' (expected one of: %2)"_s.arg(
                                     field, m_known.join(u", "_s))});
    }
}

} // namespace sluice
