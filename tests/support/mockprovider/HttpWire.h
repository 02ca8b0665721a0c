#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <utility>

class QTcpSocket;

namespace sluice::test {

using HeaderPairs = QList<std::pair<QByteArray, QByteArray>>;

/// HTTP/1.1 response framing written straight to a socket. QHttpServerResponder 6.4 only
/// knows the status codes of its enum (no 529) and has no chunked-body writer, so the test
/// servers write the status line and the chunk framing themselves.
namespace HttpWire {

/// "HTTP/1.1 529 Overloaded\r\n" and the headers, ending with the blank line.
QByteArray head(int status, const HeaderPairs &headers);
/// One chunk of a chunked body; empty input gives nothing (an empty chunk would end the body).
QByteArray chunk(QByteArrayView data);
/// The last chunk, ending a chunked body.
QByteArray lastChunk();
/// The reason phrase of a status, or an empty one for unusual codes.
QByteArray reasonPhrase(int status);
/// Closes the connection with a TCP reset (SO_LINGER 0) instead of an orderly close.
void reset(QTcpSocket *socket);

} // namespace HttpWire
} // namespace sluice::test
