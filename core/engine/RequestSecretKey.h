#pragma once

#include "engine/RequestId.h"

#include <array>

namespace sluice {

/// Makes every request's secret (its id part and token) from its id, so that the engine
/// keeps no random bytes per request: secret = BLAKE2s-256(key || label || id), split into
/// the two 12-byte parts. BLAKE2 is immune to length extension, so a secret key in front of
/// the message makes it a keyed pseudorandom function (the BLAKE2 paper's prefix-MAC): who
/// does not hold the key cannot tell one request's secret from another's id, nor guess it.
///
/// The key is drawn from the kernel's CSPRNG when the engine starts, and again if request ids
/// ever come round (RequestTable); it is never stored or shown. A request restored after a restart keeps the secret it was given, stored beside it
/// (RequestAccessTable), and so does one resumed from another replica.
class RequestSecretKey
{
public:
    static constexpr int kBytes = 32;

    /// A new key from the system's CSPRNG.
    static RequestSecretKey generate();
    /// A given key (tests).
    explicit RequestSecretKey(const std::array<quint8, kBytes> &bytes)
        : m_bytes(bytes)
    {}
    RequestSecretKey(const RequestSecretKey &) = default;
    RequestSecretKey &operator=(const RequestSecretKey &) = default;
    /// Wiped, so that a copy of freed memory (a core dump) does not give every secret away.
    ~RequestSecretKey();

    /// The secret of request `id` under this key; never null. About 170 ns: derived when a
    /// client is to see it (Engine::access), not when the engine admits the request.
    RequestSecret derive(RequestId id) const;

private:
    RequestSecretKey() = default;
    std::array<quint8, kBytes> m_bytes{};
};

} // namespace sluice
