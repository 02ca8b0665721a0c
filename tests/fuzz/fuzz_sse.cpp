// An upstream answer body as it streams through the proxy: the server-sent event parser and
// the usage meter, fed in chunks of sizes the input chooses.
#include "FuzzSupport.h"

#include "SseParser.h"
#include "UsageMeter.h"

#include <QList>

using namespace sluice;

namespace {

using Events = QList<SseParser::Event>;

/// The events of `body` fed in chunks of 1 to `step` bytes (sizes taken from `sizes`).
Events parse(QByteArrayView body, qsizetype maxEventBytes, QByteArrayView sizes, int step)
{
    SseParser parser(maxEventBytes);
    Events events;
    const auto collect = [&events](const SseParser::Event &event) {
        events << event;
    };
    qsizetype at = 0;
    for (qsizetype i = 0; at < body.size(); ++i) {
        const qsizetype chunk =
            sizes.isEmpty() ? body.size() : 1 + std::uint8_t(sizes[i % sizes.size()]) % step;
        const qsizetype n = std::min(chunk, body.size() - at);
        parser.feed(body.sliced(at, n), collect);
        at += n;
    }
    return events;
}

bool sameEvents(const Events &a, const Events &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].data != b[i].data)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::FuzzInput input(data, size);
    const qsizetype maxEventBytes = 1 + input.byte() * 4;
    const int step = 1 + input.byte() % 32;
    const std::uint8_t contentType = input.byte();
    QByteArray sizes;
    for (int i = 0; i < 4; ++i)
        sizes += char(input.byte());
    const QByteArrayView body = input.rest();

    // The chunk boundaries must not change the events.
    const Events whole = parse(body, maxEventBytes, {}, 1);
    const Events chunked = parse(body, maxEventBytes, sizes, step);
    if (!sameEvents(whole, chunked))
        fuzz::fail("SseParser's events depend on the chunk boundaries");
    for (const SseParser::Event &event : whole) {
        if (event.data.size() > maxEventBytes)
            fuzz::fail("SseParser passed on an event larger than maxEventBytes");
    }

    static constexpr const char *kTypes[] = {"text/event-stream", "application/json",
                                             "text/event-stream; charset=utf-8",
                                             "application/json; charset=utf-8", "text/plain"};
    UsageMeter meter(qsizetype(1) << (6 + contentType % 12));
    meter.begin(kTypes[contentType % std::size(kTypes)]);
    for (qsizetype at = 0, i = 0; at < body.size(); ++i) {
        const qsizetype n =
            std::min<qsizetype>(1 + std::uint8_t(sizes[i % 4]) % step * 16, body.size() - at);
        meter.feed(body.sliced(at, n));
        at += n;
    }
    meter.finish();
    if (meter.inputTokens() < -1 || meter.outputTokens() < -1)
        fuzz::fail("UsageMeter reported negative usage");
    return 0;
}
