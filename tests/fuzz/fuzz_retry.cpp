// Retry hints from upstream answers: Retry-After (delta-seconds and the three HTTP-date
// forms), retry-after-ms, and the Anthropic / OpenAI rate-limit reset headers.
#include "FuzzSupport.h"

#include "retry/DecimalDelay.h"
#include "retry/RateLimitReset.h"
#include "retry/RetryAfter.h"

#include <algorithm>

using namespace sluice;

namespace {

void checkDelay(const std::optional<qint64> &delay, const char *parser)
{
    if (delay && (*delay < 0 || *delay > detail::kMaxParsedDelayMs))
        fuzz::fail(parser);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::FuzzInput input(data, size);
    // `now` anywhere from 1970 to about 2527 (the clock's range in practice), in ms.
    TimeMs now = 0;
    for (int i = 0; i < 6; ++i)
        now = (now << 8) | input.byte();
    now = now % (TimeMs(1) << 44);
    const QByteArrayView header = input.rest();

    checkDelay(parseRetryAfterMs(header, now), "parseRetryAfterMs range");
    checkDelay(parseRetryAfterMsHeader(header), "parseRetryAfterMsHeader range");
    checkDelay(parseResetTimestampMs(header, now), "parseResetTimestampMs range");
    checkDelay(parseResetDurationMs(header), "parseResetDurationMs range");
    checkDelay(detail::parseDecimalDelayMs(header, 1000), "parseDecimalDelayMs range");
    if (const std::optional<TimeMs> date = parseHttpDate(header, now)) {
        // A date parses to the same instant as the Retry-After delay it gives.
        const std::optional<qint64> delay = parseRetryAfterMs(header, now);
        if (!delay)
            fuzz::fail("an HTTP-date that Retry-After refuses");
        const qint64 expected = std::clamp<qint64>(*date - now, 0, detail::kMaxParsedDelayMs);
        if (*delay != expected)
            fuzz::fail("Retry-After's HTTP-date delay differs from parseHttpDate");
    }
    return 0;
}
