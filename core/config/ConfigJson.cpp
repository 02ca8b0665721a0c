#include "config/ConfigJson.h"

#include "config/FieldReader.h"

#include <QJsonArray>

#include <cmath>

namespace sluice {

namespace {
using namespace Qt::StringLiterals;
using fields::FieldReader;
using fields::ScalarValue;

const auto kPools = "pools"_L1;
const auto kTiers = "tiers"_L1;
const auto kPricing = "pricing"_L1;
const auto kAlertRules = "alert_rules"_L1;
const auto kName = "name"_L1;
const auto kModel = "model"_L1;
const auto kId = "id"_L1;

class JsonWriter
{
public:
    explicit JsonWriter(QJsonObject &object)
        : m_object(&object)
    {}

    template<typename T>
    void field(LimitField field, const T &value)
    {
        if constexpr (fields::isOptional<T>) {
            if (value)
                m_object->insert(configLimit(field).key, QJsonValue(*value));
        } else {
            m_object->insert(configLimit(field).key, QJsonValue(value));
        }
    }
    void field(QLatin1StringView key, const QString &value) { m_object->insert(key, value); }
    void field(QLatin1StringView key, bool value) { m_object->insert(key, value); }
    void field(QLatin1StringView key, AlertMetric metric)
    {
        m_object->insert(key, alertMetricName(metric));
    }
    void section(QLatin1StringView key, const RetrySettings &retry)
    {
        QJsonObject child;
        JsonWriter writer(child);
        fields::visitRetry(retry, writer);
        m_object->insert(key, child);
    }

private:
    QJsonObject *m_object;
};

template<typename Item, typename Visit>
QJsonObject itemToJson(const Item &item, QLatin1StringView nameKey, QString Item::*name,
                       Visit visit)
{
    QJsonObject object{{nameKey, item.*name}};
    JsonWriter writer(object);
    visit(item, writer);
    return object;
}

template<typename Item, typename Visit>
QJsonArray listToJson(const QList<Item> &items, QLatin1StringView nameKey, QString Item::*name,
                      Visit visit)
{
    QJsonArray array;
    for (const Item &item : items)
        array.append(itemToJson(item, nameKey, name, visit));
    return array;
}

ScalarValue toScalar(const QJsonValue &value)
{
    constexpr double kInt64Bound = 9'223'372'036'854'775'808.0;  // 2^63
    switch (value.type()) {
    case QJsonValue::Null:
        return {nullptr, u"null"_s, {}};
    case QJsonValue::Bool:
        return {value.toBool(), value.toBool() ? u"true"_s : u"false"_s, {}};
    case QJsonValue::Double: {
        const double number = value.toDouble();
        const QString text = formatConfigNumber(number);
        if (number == std::trunc(number) && number >= -kInt64Bound && number < kInt64Bound)
            return {qint64(number), text, {}};
        return {number, text, {}};
    }
    case QJsonValue::String:
        return {value.toString(), u'"' % value.toString() % u'"', {}};
    case QJsonValue::Array:
        return {std::monostate(), u"an array"_s, {}};
    default:
        return {std::monostate(), u"an object"_s, {}};
    }
}

/// A JSON object as a FieldReader source.
class JsonSource
{
public:
    explicit JsonSource(QJsonObject object)
        : m_object(std::move(object))
    {}

    std::optional<ScalarValue> scalar(const QString &key) const
    {
        const QJsonValue value = m_object.value(key);
        return value.isUndefined() ? std::nullopt : std::optional(toScalar(value));
    }

    std::optional<JsonSource> table(const QString &key, const QString &path,
                                    QList<FieldError> &errors) const
    {
        const QJsonValue value = m_object.value(key);
        if (value.isObject())
            return JsonSource(value.toObject());
        if (!value.isUndefined())
            errors << fields::typeError({}, path, u"an object"_s, toScalar(value).text);
        return std::nullopt;
    }

    QList<JsonSource> tables(const QString &key, const QString &path,
                             QList<FieldError> &errors) const
    {
        QList<JsonSource> tables;
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return tables;
        if (!value.isArray()) {
            errors << fields::typeError({}, path, u"an array of objects"_s, toScalar(value).text);
            return tables;
        }
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (array[i].isObject())
                tables << JsonSource(array[i].toObject());
            else
                errors << fields::typeError({}, path % u'[' % QString::number(i) % u']',
                                            u"an object"_s, toScalar(array[i]).text);
        }
        return tables;
    }

    QStringList keys() const { return m_object.keys(); }
    fields::SourceSpot location(const QString &) const { return {}; }

private:
    QJsonObject m_object;
};

const auto visitPool = [](auto &pool, auto &visitor) { fields::visitPool(pool, visitor); };
const auto visitTier = [](auto &tier, auto &visitor) { fields::visitTier(tier, visitor); };
const auto visitPrice = [](auto &price, auto &visitor) { fields::visitPrice(price, visitor); };
const auto visitRule = [](auto &rule, auto &visitor) { fields::visitAlertRule(rule, visitor); };

template<typename Item, typename Visit>
Result<Item> itemFromJson(const QJsonObject &object, QLatin1StringView list, QString Item::*name,
                          Visit visit)
{
    const JsonSource source(object);
    QList<FieldError> errors;
    const QString path = fields::itemPath(list, fields::peekText(source, kName), 0);
    Item item = fields::readItem(source, path, kName, name, visit, errors);
    return checkedValue(std::move(item), std::move(errors));
}
} // namespace

QJsonObject configToJson(const EngineConfig &config)
{
    QJsonObject object;
    JsonWriter writer(object);
    fields::visitGlobal(config, writer);
    object.insert(kPools, listToJson(config.pools, kName, &PoolConfig::name, visitPool));
    object.insert(kTiers, listToJson(config.tiers, kName, &TierConfig::name, visitTier));
    object.insert(kPricing, listToJson(config.pricing, kModel, &ModelPrice::model, visitPrice));
    object.insert(kAlertRules, listToJson(config.alertRules, kId, &AlertRule::id, visitRule));
    return object;
}

Result<EngineConfig> configFromJson(const QJsonObject &object)
{
    EngineConfig config;
    QList<FieldError> errors;
    FieldReader reader(JsonSource(object), QString(), errors);
    fields::visitGlobal(config, reader);
    config.pools = fields::readItems(reader, kPools, kName, &PoolConfig::name, visitPool);
    config.tiers = fields::readItems(reader, kTiers, kName, &TierConfig::name, visitTier);
    config.pricing = fields::readItems(reader, kPricing, kModel, &ModelPrice::model, visitPrice);
    config.alertRules = fields::readItems(reader, kAlertRules, kId, &AlertRule::id, visitRule);
    reader.rejectUnknownKeys();
    return checkedValue(std::move(config), std::move(errors));
}

QJsonObject poolToJson(const PoolConfig &pool)
{
    return itemToJson(pool, kName, &PoolConfig::name, visitPool);
}

Result<PoolConfig> poolFromJson(const QJsonObject &object)
{
    return itemFromJson(object, kPools, &PoolConfig::name, visitPool);
}

QJsonObject tierToJson(const TierConfig &tier)
{
    return itemToJson(tier, kName, &TierConfig::name, visitTier);
}

Result<TierConfig> tierFromJson(const QJsonObject &object)
{
    return itemFromJson(object, kTiers, &TierConfig::name, visitTier);
}

} // namespace sluice
