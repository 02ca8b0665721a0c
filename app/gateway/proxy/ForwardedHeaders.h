#pragma once

#include "ResponseSink.h"

#include <QByteArray>
#include <QString>

namespace sluice {

/// Which header fields the reverse proxy passes on, in each direction (RFC 9110 section 7.6.1
/// on hop-by-hop fields), and where credentials go. Pure functions.
namespace ForwardedHeaders {

/// The client's fields to send upstream. Leaves out hop-by-hop fields (Connection and the
/// fields it names, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade), Host and
/// Content-Length (the network layer sets them), Accept-Encoding (the network layer
/// negotiates and decodes), Expect (100-continue is per hop; the body is sent at once),
/// Sluice's own X-Sluice-* fields and every field that may carry a credential (x-api-key,
/// authorization, xi-api-key, api-key and `credentialHeader`).
HeaderList toUpstream(const HeaderList &client, QByteArrayView credentialHeader);

/// The upstream's fields to send the client: without hop-by-hop fields, Content-Length and
/// Content-Encoding (the body arrives decoded and is framed anew).
HeaderList toClient(const HeaderList &upstream);

/// The client's key: `x-api-key`, else the token of `Authorization: Bearer`; empty if none.
QByteArray clientKey(const HeaderList &client);

/// The field that carries an upstream key in the header a pool names: "authorization" gets
/// "Bearer <key>", other headers ("x-api-key", "xi-api-key") the key itself.
std::pair<QByteArray, QByteArray> credential(const QString &header, const QByteArray &key);

/// The value of a field (name compared case-insensitively); empty when absent.
QByteArray value(const HeaderList &headers, QByteArrayView name);

} // namespace ForwardedHeaders
} // namespace sluice
