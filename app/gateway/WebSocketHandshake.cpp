#include "WebSocketHandshake.h"

namespace sluice {

using namespace Qt::StringLiterals;

namespace {

bool listHas(QByteArrayView list, QByteArrayView token)
{
    for (QByteArrayView item : QLatin1StringView(list).tokenize(u',')) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

ApiResponse badHandshake(const QString &message)
{
    return ApiResponse::error(400, u"BAD_REQUEST"_s, u"WebSocket handshake: %1"_s.arg(message));
}

} // namespace

std::optional<ApiResponse> refuseWebSocketHandshake(const ApiRequest &head)
{
    if (head.method != HttpMethod::Get)
        return badHandshake(u"the method must be GET"_s);
    if (!listHas(head.header("upgrade"), "websocket"))
        return badHandshake(u"Upgrade must be websocket"_s);
    if (!listHas(head.header("connection"), "upgrade"))
        return badHandshake(u"Connection must name upgrade"_s);
    if (head.header("sec-websocket-version").trimmed() != "13") {
        ApiResponse refusal = ApiResponse::error(
            426, u"UPGRADE_REQUIRED"_s, u"WebSocket handshake: only version 13 is supported"_s);
        refusal.headers.append({QByteArray("sec-websocket-version"), QByteArray("13")});
        return refusal;
    }
    const QByteArray key = head.header("sec-websocket-key").trimmed();
    const auto decoded =
        QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (key.size() != 24 || !decoded || decoded.decoded.size() != 16)
        return badHandshake(u"Sec-WebSocket-Key must be base64 for 16 bytes"_s);
    return std::nullopt;
}

} // namespace sluice
