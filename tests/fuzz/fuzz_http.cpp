// libFuzzer target: the gateway's HTTP/1.1 request framing (HttpRequestParser on Boost.Beast,
// plus the WebSocket handshake check), fed raw bytes the way HttpConnection feeds them:
// in pieces, the unconsumed rest again with more behind it, request after request.
// The first byte chooses the piece size, so both whole and trickled input are covered.
#include "HttpRequestParser.h"
#include "WebSocketHandshake.h"

#include <cstddef>
#include <cstdint>

using namespace sluice;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = 1 + data[0] % 64;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    HttpRequestParser::Limits limits;
    limits.maxHeadBytes = 4096;
    limits.maxBodyBytes = 8192;
    HttpRequestParser parser(limits);
    QByteArray buffer;
    qsizetype fed = 0;
    qsizetype requests = 0;
    while (requests < 64) {
        if (fed < input.size()) {
            buffer += input.mid(fed, piece);
            fed += piece;
        }
        qsizetype used = 0;
        const auto step = parser.feed(buffer, &used);
        if (used < 0 || used > buffer.size())
            __builtin_trap();
        buffer.remove(0, used);
        if (step == HttpRequestParser::Step::Error) {
            if (parser.errorStatus() < 400 || parser.errorMessage().isEmpty())
                __builtin_trap();
            break;
        }
        if (step == HttpRequestParser::Step::Head) {
            if (parser.isUpgrade())
                (void)refuseWebSocketHandshake(parser.request());
            continue;
        }
        if (step == HttpRequestParser::Step::Done) {
            const ApiRequest request = parser.takeRequest();
            if (request.body.size() > limits.maxBodyBytes || !request.path.startsWith(u'/'))
                __builtin_trap();
            parser.reset();
            ++requests;
            continue;
        }
        if (fed >= input.size() && used == 0)
            break; // NeedMore with nothing left to give
    }
    return 0;
}
