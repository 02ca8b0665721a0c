#include "config/ConfigValidator.h"

#include "config/ConfigFields.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace sluice {

namespace {
using namespace Qt::StringLiterals;
using fields::childPath;
using fields::itemPath;

/// Checks every bounded field a visit passes against ConfigLimits.
class RangeChecker
{
public:
    RangeChecker(QString path, QList<FieldError> &errors)
        : m_path(std::move(path))
        , m_errors(&errors)
    {}

    template<typename T>
    void field(LimitField field, const T &value)
    {
        if constexpr (fields::isOptional<T>) {
            if (value)
                this->field(field, *value);
        } else {
            const QString path = childPath(m_path, configLimit(field).key);
            std::optional<FieldError> error;
            if constexpr (std::is_integral_v<T>)
                error = checkLimit(field, path, qint64(value));
            else
                error = checkLimit(field, path, double(value));
            if (error)
                m_errors->append(*error);
        }
    }
    template<typename T>
    void field(QLatin1StringView, const T &)
    {}
    void section(QLatin1StringView key, const RetrySettings &retry)
    {
        RangeChecker checker(childPath(m_path, key), *m_errors);
        fields::visitRetry(retry, checker);
    }

private:
    QString m_path;
    QList<FieldError> *m_errors;
};

void checkName(const QString &path, const QString &name, QList<FieldError> &errors)
{
    if (!isValidConfigName(name))
        errors << FieldError{path, path %
                                       u" must be 1 to 64 lower-case letters, digits, '_' or "
                                       u"'-', starting with a letter or digit (got \""_s %
                                       name % u"\")"_s};
}

void checkUrl(const QString &path, const QString &url, QList<FieldError> &errors)
{
    if (!url.isEmpty() && !isValidHttpUrl(url))
        errors << FieldError{path, path % u" must be an http:// or https:// URL (got \""_s % url %
                                       u"\")"_s};
}

/// Names of a list: each valid, none twice.
template<typename Item>
void checkNames(QLatin1StringView list, const QList<Item> &items, QString Item::*name,
                QLatin1StringView nameKey, QList<FieldError> &errors)
{
    QSet<QString> seen;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString &itemName = items[i].*name;
        if (itemName.isEmpty())
            continue;
        const QString path = childPath(itemPath(list, itemName, i), nameKey);
        if (seen.contains(itemName))
            errors << FieldError{path, list % u" has more than one entry named \""_s % itemName %
                                           u"\""_s};
        seen.insert(itemName);
    }
}

void checkCount(QLatin1StringView list, qsizetype count, int max, QList<FieldError> &errors)
{
    if (count < 1 || count > max)
        errors << FieldError{list, list % u" must have between 1 and "_s % QString::number(max) %
                                       u" entries (got "_s % QString::number(count) % u')'};
}

void checkPricing(const QList<ModelPrice> &pricing, QList<FieldError> &errors)
{
    for (qsizetype i = 0; i < pricing.size(); ++i) {
        const QString path = itemPath("pricing"_L1, pricing[i].model, i);
        if (pricing[i].model.trimmed().isEmpty())
            errors << FieldError{childPath(path, u"model"), path % u".model must not be empty"_s};
        RangeChecker checker(path, errors);
        fields::visitPrice(pricing[i], checker);
    }
    checkNames("pricing"_L1, pricing, &ModelPrice::model, "model"_L1, errors);
}

void checkAlertRule(const EngineConfig &config, const AlertRule &rule, qsizetype index,
                    QList<FieldError> &errors)
{
    const QString path = itemPath("alert_rules"_L1, rule.id, index);
    checkName(childPath(path, u"id"), rule.id, errors);
    RangeChecker checker(path, errors);
    fields::visitAlertRule(rule, checker);
    if (rule.clearBelow >= rule.threshold)
        errors << FieldError{childPath(path, u"clear_below"),
                             path % u".clear_below must be below the threshold "_s %
                                 formatConfigNumber(rule.threshold) % u" (got "_s %
                                 formatConfigNumber(rule.clearBelow) % u')'};
    if (rule.target.isEmpty())
        return;
    const bool pool = isPoolMetric(rule.metric);
    if (pool ? config.pool(rule.target) == nullptr : config.tier(rule.target) == nullptr)
        errors << FieldError{childPath(path, u"target"),
                             path % u".target must name an existing "_s %
                                 (pool ? u"pool"_s : u"tier"_s) % u" for the metric "_s %
                                 alertMetricName(rule.metric) % u" (got \""_s % rule.target %
                                 u"\")"_s};
}
} // namespace

bool isValidConfigName(QStringView name)
{
    static const QRegularExpression pattern(
        QRegularExpression::anchoredPattern(u"[a-z0-9][a-z0-9_-]{0,63}"_s));
    return pattern.match(name).hasMatch();
}

bool isValidHttpUrl(const QString &url)
{
    const QUrl parsed(url, QUrl::StrictMode);
    return parsed.isValid() && (parsed.scheme() == u"http" || parsed.scheme() == u"https")
           && !parsed.host().isEmpty();
}

QStringList upstreamAuthHeaders()
{
    return {u"x-api-key"_s, u"authorization"_s, u"xi-api-key"_s};
}

QList<FieldError> validatePool(const PoolConfig &pool, qsizetype index)
{
    QList<FieldError> errors;
    const QString path = itemPath("pools"_L1, pool.name, index);
    checkName(childPath(path, u"name"), pool.name, errors);
    RangeChecker checker(path, errors);
    fields::visitPool(pool, checker);
    if (pool.retry.maxDelayMs < pool.retry.baseDelayMs)
        errors << FieldError{path % u".retry.max_delay_ms"_s,
                             path % u".retry.max_delay_ms must be at least base_delay_ms "_s %
                                 QString::number(pool.retry.baseDelayMs) % u" (got "_s %
                                 QString::number(pool.retry.maxDelayMs) % u')'};
    checkUrl(childPath(path, u"upstream_url"), pool.upstreamUrl, errors);
    static const QRegularExpression envName(
        QRegularExpression::anchoredPattern(u"[A-Za-z_][A-Za-z0-9_]*"_s));
    if (!pool.upstreamKeyEnv.isEmpty() && !envName.match(pool.upstreamKeyEnv).hasMatch())
        errors << FieldError{childPath(path, u"upstream_key_env"),
                             path %
                                 u".upstream_key_env must be an environment variable name "
                                 u"(letters, digits and '_') (got \""_s %
                                 pool.upstreamKeyEnv % u"\")"_s};
    const QStringList headers = upstreamAuthHeaders();
    if (!pool.upstreamAuthHeader.isEmpty() && !headers.contains(pool.upstreamAuthHeader))
        errors << FieldError{childPath(path, u"upstream_auth_header"),
                             path % u".upstream_auth_header must be empty or one of "_s %
                                 headers.join(u", "_s) % u" (got \""_s % pool.upstreamAuthHeader %
                                 u"\")"_s};
    if (pool.redisDown != u"fail_closed"_s && !pool.sharesLocallyWhenRedisIsDown())
        errors << FieldError{childPath(path, u"redis_down"),
                             path % u".redis_down must be fail_closed or local_share (got \""_s %
                                 pool.redisDown % u"\")"_s};
    return errors;
}

QList<FieldError> validateTier(const TierConfig &tier, qsizetype index)
{
    QList<FieldError> errors;
    const QString path = itemPath("tiers"_L1, tier.name, index);
    checkName(childPath(path, u"name"), tier.name, errors);
    RangeChecker checker(path, errors);
    fields::visitTier(tier, checker);
    return errors;
}

QList<FieldError> validateConfig(const EngineConfig &config)
{
    QList<FieldError> errors;
    RangeChecker globals(QString(), errors);
    fields::visitGlobal(config, globals);
    checkUrl(u"alert_webhook_url"_s, config.alertWebhookUrl, errors);

    checkCount("pools"_L1, config.pools.size(), kMaxPools, errors);
    for (qsizetype i = 0; i < config.pools.size(); ++i)
        errors << validatePool(config.pools[i], i);
    checkNames("pools"_L1, config.pools, &PoolConfig::name, "name"_L1, errors);

    checkCount("tiers"_L1, config.tiers.size(), kMaxTiers, errors);
    for (qsizetype i = 0; i < config.tiers.size(); ++i)
        errors << validateTier(config.tiers[i], i);
    checkNames("tiers"_L1, config.tiers, &TierConfig::name, "name"_L1, errors);
    if (!config.tier(config.defaultTier))
        errors << FieldError{u"default_tier"_s,
                             u"default_tier must name an existing tier (got \""_s %
                                 config.defaultTier % u"\")"_s};

    checkPricing(config.pricing, errors);
    for (qsizetype i = 0; i < config.alertRules.size(); ++i)
        checkAlertRule(config, config.alertRules[i], i, errors);
    checkNames("alert_rules"_L1, config.alertRules, &AlertRule::id, "id"_L1, errors);
    return errors;
}

} // namespace sluice
