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

void TierForm::setTier(const TierConfig &tier)
{
    m_tier = tier;
    input(u"daily_requests"_s)->setValue(double(tier.dailyRequests));
    input(u"daily_tokens"_s)
        ->setValue(tier.dailyTokens ? std::optional<double>(double(*tier.dailyTokens))
                                    : std::nullopt);
    input(u"daily_cost_usd"_s)->setValue(tier.dailyCostUsd);
    input(u"priority"_s)->setValue(tier.priority);
    input(u"max_concurrent_per_user"_s)
        ->setValue(tier.maxConcurrentPerUser
                       ? std::optional<double>(double(*tier.maxConcurrentPerUser))
                       : std::nullopt);
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
