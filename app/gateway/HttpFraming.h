#pragma once

#include "protocol/ApiRequest.h"

#include <QByteArray>

namespace sluice {

/// HTTP/1.1 framing for HttpReply: status lines, headers, chunks. Pure functions, except
/// dateHeader(), which caches the formatted date per second (one thread).
namespace httpframing {

/// "OK", "Not Found", ...; "Unknown" for codes without a phrase here.
QByteArrayView reasonPhrase(int status);
/// The status line and headers up to and including the empty line. Adds Date, and
/// Connection: close when `close`; drops headers with a CR or LF in them.
QByteArray head(int status, const ApiHeaders &headers, bool close);
/// A whole response in one buffer: the head (as head(), plus Content-Type when `contentType`
/// is not empty and Content-Length) and the body.
QByteArray message(int status, const ApiHeaders &headers, QByteArrayView contentType,
                   QByteArrayView body, bool close);
/// One chunk of a chunked body; empty data gives nothing (the end is lastChunk()).
QByteArray chunk(QByteArrayView data);
QByteArrayView lastChunk();
/// The value of the Date header now (RFC 9110 IMF-fixdate).
QByteArray dateHeader();

} // namespace httpframing

} // namespace sluice
