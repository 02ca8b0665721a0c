#pragma once

#include <QByteArray>
#include <QString>

#include <array>
#include <optional>

namespace sluice {

/// Identifies a request for its whole life, first as a waiting ticket, then as a lease.
/// Never 0; unique across restarts of one store. The engine's compact number: sequential,
/// so never enough on its own to let a client act on a request (see RequestSecret).
using RequestId = quint64;

/// The secret part of a request (SPEC section 4, "Ownership"): 96 bits that make the id a
/// client sees unguessable, and 96 more for the per-ticket token that lets a WebSocket follow
/// the request without the API key. The engine derives it from the id under its secret key
/// (RequestSecretKey) and stores it with the request in the journal. All zero: none (a
/// request stored before ids had one).
/// A value of 24 bytes; compare with equals(), which takes the same time wherever two differ.
struct RequestSecret
{
    static constexpr int kPartBytes = 12;
    std::array<quint8, kPartBytes> idPart{};
    std::array<quint8, kPartBytes> tokenPart{};

    bool isNull() const;
    /// Both parts in one 24-byte array (for the store), and back; null for any other size.
    QByteArray toBytes() const;
    static RequestSecret fromBytes(QByteArrayView bytes);
    /// The per-ticket token: 24 lowercase hex digits.
    QString token() const;
    /// Constant-time comparisons with what a client presented.
    bool idPartEquals(const std::array<quint8, kPartBytes> &presented) const;
    bool tokenEquals(QStringView presented) const;

    friend bool operator==(const RequestSecret &, const RequestSecret &) = default;
};

/// What a client names a request by: "<compact id>-<24 hex digits of the id part>", e.g.
/// "100000000-5f3c2a9e0b7d41c6a8e2f013". Staff may also name a live request by its compact
/// number alone (as the queue lists it); then hasSecret is false.
struct PublicRequestId
{
    RequestId id = 0;
    bool hasSecret = false;
    std::array<quint8, RequestSecret::kPartBytes> idPart{};
};

/// The compact wire form: lowercase hexadecimal, e.g. "1a2b0000000f".
QString formatRequestId(RequestId id);
/// The form a client sees: the compact form, '-', the secret's id part in hex. Just the
/// compact form when the secret is null.
QString formatRequestId(RequestId id, const RequestSecret &secret);
/// Parses the compact form; nullopt for anything else (empty, not hex, 0, too long).
std::optional<RequestId> parseRequestId(QStringView text);
/// 24 lowercase hex digits (a part of a RequestSecret) as bytes; nullopt for anything else.
std::optional<std::array<quint8, RequestSecret::kPartBytes>> parseSecretPart(QStringView hex);
/// Parses either form; nullopt for anything else.
std::optional<PublicRequestId> parsePublicRequestId(QStringView text);
/// A whole client id (compact id and random part) as a hash key: in shared mode the compact
/// ids of two replicas can be equal, their random parts not.
QByteArray clientIdKey(RequestId id, const std::array<quint8, RequestSecret::kPartBytes> &idPart);

} // namespace sluice
