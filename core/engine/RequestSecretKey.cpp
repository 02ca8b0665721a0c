#include "engine/RequestSecretKey.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QtEndian>

#include <sys/random.h>

#include <cerrno>
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
    // The kernel's CSPRNG (getrandom(2)); QRandomGenerator::system() would take the CPU's
    // RDRAND alone where there is one, and every secret of the process rests on this key.
    size_t filled = 0;
    while (filled < key.m_bytes.size()) {
        const ssize_t got = ::getrandom(key.m_bytes.data() + filled, key.m_bytes.size() - filled, 0);
        if (got > 0)
            filled += size_t(got);
        else if (got < 0 && errno != EINTR)
            break;
    }
    if (filled < key.m_bytes.size()) { // no getrandom (an old kernel): Qt's, as good
        std::array<quint32, kBytes / sizeof(quint32)> words{};
        QRandomGenerator::system()->generate(words.data(), words.data() + words.size());
        std::memcpy(key.m_bytes.data(), words.data(), kBytes);
        explicit_bzero(words.data(), sizeof words);
    }
    return key;
}

RequestSecretKey::~RequestSecretKey()
{
    explicit_bzero(m_bytes.data(), m_bytes.size());
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
