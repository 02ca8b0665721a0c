#include "cost/PriceTable.h"

#include <QtNumeric>

#include <algorithm>
#include <cmath>

namespace sluice {

namespace {
using namespace Qt::StringLiterals;

constexpr qint64 kMillion = 1'000'000;

std::optional<qint64> nanoPerMillion(double usdPerMillion)
{
    if (!(usdPerMillion >= 0.0 && usdPerMillion <= PriceTable::kMaxPricePerMillionUsd))
        return std::nullopt; // also NaN
    return std::llround(usdPerMillion * double(PriceTable::kNanoUsdPerUsd));
}

QString priceError(const QString &model, QStringView field, double value)
{
    return u"pricing '%1': %2 must be 0-%3 USD per million tokens (got %4)"_s.arg(
        model, field, QString::number(PriceTable::kMaxPricePerMillionUsd, 'f', 0),
        QString::number(value));
}

// tokens * nanoPerMillion / 10^6 as a whole part and a remainder in [0, 10^6), without
// ever forming the full product: tokens = tq*10^6 + tr and price = pq*10^6 + pr, so
// tokens*price/10^6 = tq*price + tr*pq + tr*pr/10^6 with tr*pr < 10^12.
struct Split
{
    qint64 whole = 0;
    qint64 remainder = 0;
};

std::optional<Split> scaledCost(qint64 tokens, qint64 nanoPerMillionTokens)
{
    const qint64 tq = tokens / kMillion, tr = tokens % kMillion;
    const qint64 pq = nanoPerMillionTokens / kMillion, pr = nanoPerMillionTokens % kMillion;
    qint64 a = 0, b = 0, whole = 0;
    if (qMulOverflow(tq, nanoPerMillionTokens, &a) || qMulOverflow(tr, pq, &b) ||
        qAddOverflow(a, b, &whole) || qAddOverflow(whole, tr * pr / kMillion, &whole)) {
        return std::nullopt;
    }
    return Split{whole, tr * pr % kMillion};
}

} // namespace

PriceTable::PriceTable(const QList<ModelPrice> &prices)
{
    for (const ModelPrice &price : prices) {
        const QString &name = price.model;
        if (name.trimmed().isEmpty()) {
            m_errors << u"pricing: a model name must not be empty"_s;
            continue;
        }
        if (name.indexOf(u'*') != -1 && name.indexOf(u'*') != name.size() - 1) {
            m_errors << u"pricing '%1': '*' is allowed only at the end of a model name"_s.arg(name);
            continue;
        }
        const auto input = nanoPerMillion(price.inputPerMillionUsd);
        const auto output = nanoPerMillion(price.outputPerMillionUsd);
        if (!input)
            m_errors << priceError(name, u"input price", price.inputPerMillionUsd);
        if (!output)
            m_errors << priceError(name, u"output price", price.outputPerMillionUsd);
        if (!input || !output)
            continue;

        const Entry entry{price, *input, *output};
        const bool duplicate =
            name.endsWith(u'*')
                ? std::any_of(m_prefixes.cbegin(), m_prefixes.cend(),
                              [&](const auto &p) { return p.first == name.chopped(1); })
                : m_exact.contains(name);
        if (duplicate) {
            m_errors << u"pricing '%1': listed more than once; the first entry is used"_s.arg(name);
            continue;
        }
        if (name.endsWith(u'*'))
            m_prefixes.append({name.chopped(1), entry});
        else
            m_exact.insert(name, entry);
    }
    std::stable_sort(m_prefixes.begin(), m_prefixes.end(),
                     [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
}

const PriceTable::Entry *PriceTable::find(const QString &model) const
{
    if (const auto it = m_exact.constFind(model); it != m_exact.cend())
        return &it.value();
    for (const auto &[prefix, entry] : m_prefixes) {
        if (prefix.isEmpty() || model.startsWith(prefix))  // a null model starts with nothing
            return &entry;
    }
    return nullptr;
}

std::optional<ModelPrice> PriceTable::priceFor(const QString &model) const
{
    if (const Entry *entry = find(model))
        return entry->price;
    return std::nullopt;
}

std::optional<qint64> PriceTable::costNanoUsd(const QString &model, qint64 inputTokens,
                                              qint64 outputTokens) const
{
    const Entry *entry = find(model);
    if (!entry || inputTokens < 0 || outputTokens < 0)
        return std::nullopt;
    const auto input = scaledCost(inputTokens, entry->inputNanoPerMillion);
    const auto output = scaledCost(outputTokens, entry->outputNanoPerMillion);
    if (!input || !output)
        return std::nullopt;
    const qint64 remainders = input->remainder + output->remainder; // < 2 * 10^6
    const qint64 roundedUp = remainders / kMillion + (remainders % kMillion != 0 ? 1 : 0);
    qint64 total = 0;
    if (qAddOverflow(input->whole, output->whole, &total) || qAddOverflow(total, roundedUp, &total))
        return std::nullopt;
    return total;
}

qint64 PriceTable::creditsFor(qint64 costNanoUsd)
{
    if (costNanoUsd <= 0)
        return 0;
    return costNanoUsd / kNanoUsdPerCredit + (costNanoUsd % kNanoUsdPerCredit != 0 ? 1 : 0);
}

Charge PriceTable::charge(const QString &model, qint64 inputTokens, qint64 outputTokens) const
{
    const std::optional<qint64> cost = costNanoUsd(model, inputTokens, outputTokens);
    if (!cost)
        return {};
    return Charge{*cost, creditsFor(*cost), true};
}

} // namespace sluice
