#include "widgets/QuotaBurnDown.h"

#include "widgets/DisplayText.h"

#include <QLocale>

namespace sluice {

using namespace Qt::StringLiterals;

QuotaBurnDown QuotaBurnDown::forecast(const UserQuota &quota, TimeMs now)
{
    QuotaBurnDown result;
    result.used = quota.requestsToday;
    result.limit = quota.requestLimit;
    result.resetAt = quota.resetAt;
    result.dayStart = quota.resetAt - kDayMs;
    result.now = std::clamp(now, result.dayStart, quota.resetAt);
    const qint64 elapsed = std::max<qint64>(result.now - result.dayStart, 60'000);
    result.perHour = double(result.used) * 3'600'000.0 / double(elapsed);
    if (result.used >= result.limit) {
        result.runsOutAt = result.now;
    } else if (result.used > 0) {
        const double msLeft =
            double(result.limit - result.used) / double(result.used) * double(elapsed);
        const TimeMs at = result.now + TimeMs(msLeft);
        if (at < result.resetAt)
            result.runsOutAt = at;
    }
    return result;
}

QString QuotaBurnDown::sentence() const
{
    if (limit <= 0)
        return u"This tier allows no requests."_s;
    if (used >= limit)
        return u"The quota is used up; it resets at "_s % display::clockTime(resetAt) % u", in "_s %
               display::duration(resetAt - now) % u'.';
    const QString rate =
        u"At today's rate ("_s % QLocale::c().toString(perHour, 'f', 1) % u" requests/h)"_s;
    if (!runsOutAt)
        return rate % u" the quota lasts until the reset at "_s % display::clockTime(resetAt) %
               u'.';
    return rate % u" the quota runs out at "_s % display::clockTime(*runsOutAt) % u", in "_s %
           display::duration(*runsOutAt - now) % u", before the reset at "_s %
           display::clockTime(resetAt) % u'.';
}

} // namespace sluice
