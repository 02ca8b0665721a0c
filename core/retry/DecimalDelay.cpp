#include "retry/DecimalDelay.h"

#include <QtNumeric>

namespace sluice::detail {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

std::optional<qint64> parseDecimalDelayMs(QByteArrayView text, qint64 msPerUnitNum,
                                          qint64 msPerUnitDen)
{
    constexpr int kMaxFractionDigits = 9;
    qsizetype i = 0;
    qint64 whole = 0;
    bool saturated = false;
    while (i < text.size() && isDigit(text[i])) {
        if (qMulOverflow(whole, qint64(10), &whole) ||
            qAddOverflow(whole, qint64(text[i] - '0'), &whole))
            saturated = true;
        ++i;
    }
    if (i == 0)
        return std::nullopt;

    qint64 fraction = 0;
    qint64 fractionScale = 1;
    bool fractionTail = false;
    if (i < text.size() && text[i] == '.') {
        const qsizetype firstFractionDigit = ++i;
        while (i < text.size() && isDigit(text[i])) {
            if (i - firstFractionDigit < kMaxFractionDigits) {
                fraction = fraction * 10 + (text[i] - '0');
                fractionScale *= 10;
            } else if (text[i] != '0') {
                fractionTail = true;
            }
            ++i;
        }
        if (i == firstFractionDigit)
            return std::nullopt;
    }
    if (i != text.size())
        return std::nullopt;

    qint64 wholeProduct = 0;
    if (saturated || qMulOverflow(whole, msPerUnitNum, &wholeProduct))
        return kMaxParsedDelayMs;
    const qint64 wholeMs = wholeProduct / msPerUnitDen;

    // Round once over the exact sum of the whole part's remainder and the fraction. Every
    // factor is small (remainder < 10^6, scale <= 10^9, unit <= one hour), so no overflow.
    const qint64 restDen = fractionScale * msPerUnitDen;
    const qint64 restNum = (wholeProduct % msPerUnitDen) * fractionScale + fraction * msPerUnitNum;
    const bool inexact = restNum % restDen != 0 || fractionTail;
    const qint64 restMs = restNum / restDen + (inexact ? 1 : 0);
    return qMin(wholeMs, kMaxParsedDelayMs - restMs) + restMs;
}

} // namespace sluice::detail
