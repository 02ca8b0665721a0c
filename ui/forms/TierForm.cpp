#include "forms/TierForm.h"

#include "forms/LimitInput.h"

namespace sluice {

using namespace Qt::StringLiterals;

TierForm::TierForm(QWidget *parent)
    : LimitForm(parent)
{
    addInput(LimitField::DailyRequests, u"daily_requests"_s);
    addInput(LimitField::DailyTokens, u"daily_tokens"_s, true);
    addInput(LimitField::DailyCostUsd, u"daily_cost_usd"_s, true);
    addInput(LimitField::Priority, u"priority"_s);
    addInput(LimitField::MaxConcurrentPerUser, u"max_concurrent_per_user"_s, true);
}

QList<std::pair<QString, std::optional<double>>> TierForm::fields(const TierConfig &tier)
{
    const auto optional = [](const auto &value) {
        return value ? std::optional<double>(double(*value)) : std::nullopt;
    };
    return {
        {u"daily_requests"_s, double(tier.dailyRequests)},
        {u"daily_tokens"_s, optional(tier.dailyTokens)},
        {u"daily_cost_usd"_s, tier.dailyCostUsd},
        {u"priority"_s, tier.priority},
        {u"max_concurrent_per_user"_s, optional(tier.maxConcurrentPerUser)},
    };
}

void TierForm::setTier(const TierConfig &tier, const TierConfig *inForce)
{
    m_tier = tier;
    for (const auto &[path, value] : fields(tier))
        input(path)->setValue(value);
    setBaselines(inForce ? fields(*inForce) : QList<std::pair<QString, std::optional<double>>>{});
}

TierConfig TierForm::tier() const
{
    TierConfig tier = m_tier;
    tier.dailyRequests = qint64(input(u"daily_requests"_s)->value().value_or(0));
    const std::optional<double> tokens = input(u"daily_tokens"_s)->value();
    tier.dailyTokens = tokens ? std::optional<qint64>(qint64(*tokens)) : std::nullopt;
    tier.dailyCostUsd = input(u"daily_cost_usd"_s)->value();
    tier.priority = int(input(u"priority"_s)->value().value_or(0));
    const std::optional<double> perUser = input(u"max_concurrent_per_user"_s)->value();
    tier.maxConcurrentPerUser = perUser ? std::optional<int>(int(*perUser)) : std::nullopt;
    return tier;
}

} // namespace sluice
