#pragma once

#include "config/ModelPrice.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sluice {

/// What one request is charged: its exact cost and the credits billed for it.
struct Charge
{
    qint64 costNanoUsd = 0;
    qint64 credits = 0;
    bool priced = false;  ///< false: no entry prices the model; it costs nothing
};

/// What requests cost, from the configured per-model prices (USD per million tokens).
///
/// Money is counted in nano-USD (1 USD = 1e9) with exact integer arithmetic: a price is
/// taken to the nano-USD per million tokens (9 decimals of USD), and a request's cost is
/// rounded up to the next nano-USD once, over input and output together.
///
/// A model is priced by, in order: the entry with exactly its name; the longest entry
/// ending in `*` whose text before the `*` starts the name (`claude-sonnet-4*`); the entry
/// named `*` (the default). Entries with an invalid price or name are left out and
/// reported by errors(). Immutable after construction; safe to share between threads.
class PriceTable
{
public:
    static constexpr double kMaxPricePerMillionUsd = 1'000'000.0;
    static constexpr qint64 kNanoUsdPerUsd = 1'000'000'000;
    static constexpr qint64 kNanoUsdPerCredit = kNanoUsdPerUsd / 100; ///< 1 credit = USD 0.01

    PriceTable() = default;
    explicit PriceTable(const QList<ModelPrice> &prices);

    /// One message per entry left out, naming the model, the field and the allowed range.
    const QStringList &errors() const { return m_errors; }

    /// The entry that prices `model`, or nullopt when none does.
    std::optional<ModelPrice> priceFor(const QString &model) const;

    /// Cost of one request in nano-USD, rounded up. nullopt when no entry prices the model,
    /// when a token count is negative, or when the cost would not fit in 64 bits.
    std::optional<qint64> costNanoUsd(const QString &model, qint64 inputTokens,
                                      qint64 outputTokens) const;

    /// Credits charged for a cost: 1 credit = USD 0.01, rounded up (0 for 0 or less).
    static qint64 creditsFor(qint64 costNanoUsd);
    /// The cost and credits of one request (credits rounded up per request, SPEC section 3).
    /// A model no entry prices (an empty name is priced by the `*` entry only), negative
    /// tokens or a cost beyond 64 bits: nothing charged, `priced` false.
    Charge charge(const QString &model, qint64 inputTokens, qint64 outputTokens) const;

private:
    struct Entry
    {
        ModelPrice price;
        qint64 inputNanoPerMillion = 0;
        qint64 outputNanoPerMillion = 0;
    };

    const Entry *find(const QString &model) const;

    QHash<QString, Entry> m_exact;
    QList<std::pair<QString, Entry>> m_prefixes; ///< longest prefix first; "" is the default
    QStringList m_errors;
};

} // namespace sluice
