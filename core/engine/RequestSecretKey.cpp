#include "engine/RequestSecretKey.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QtEndian>

#include <cstring>

namespace sluice {

namespace {

/// Separates these hashes from any other use of BLAKE2s with the same bytes.
constexpr char kLabel[] = "sluice request secret v1";

QByteArrayView viewOf(const void *data, size_t bytes)
{
    return QByteArrayView(static_cast<const char *>(data), qsizetype(bytes));
}

} // namespace

RequestSecretKey RequestSecretKey::generate()
{
    RequestSecretKey key;
    // Once per engine: QRandomGenerator::system() (RDRAND or the kernel) is fast enough here.
    std::array<quint32, kBytes / sizeof(quint32)> words{};
    QRandomGenerator::system()->generate(words.data(), words.data() + words.size());
    std::memcpy(key.m_bytes.data(), words.data(), kBytes);
    return key;
}

RequestSecret RequestSecretKey::derive(RequestId id) const
{
    const quint64 littleEndianId = qToLittleEndian(id);
    QCryptographicHash hash(QCryptographicHash::Blake2s_256);
    hash.addData(viewOf(m_bytes.data(), m_bytes.size()));
    hash.addData(viewOf(kLabel, sizeof kLabel));
    hash.addData(viewOf(&littleEndianId, sizeof littleEndianId));
    const QByteArrayView digest = hash.resultView();
    static_assert(2 * RequestSecret::kPartBytes <= 32, "BLAKE2s-256 gives 32 bytes");
    RequestSecret secret;
    std::memcpy(secret.idPart.data(), digest.data(), RequestSecret::kPartBytes);
    std::memcpy(secret.tokenPart.data(), digest.data() + RequestSecret::kPartBytes,
                RequestSecret::kPartBytes);
    if (secret.isNull()) // 2^-192: one bit keeps "null means none" true
        secret.idPart[0] = 1;
    return secret;
}

} // namespace sluice
