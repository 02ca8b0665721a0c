#pragma once

#include <QString>

#include <optional>

namespace sluice {

/// Identifies a request for its whole life, first as a waiting ticket, then as a lease.
/// Never 0; unique across restarts of one store.
using RequestId = quint64;

/// The wire form: lowercase hexadecimal, e.g. "1a2b0000000f".
QString formatRequestId(RequestId id);
/// Parses the wire form; nullopt for anything else (empty, not hex, 0, too long).
std::optional<RequestId> parseRequestId(QStringView text);

} // namespace sluice
