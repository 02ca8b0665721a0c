#include "engine/RequestId.h"

#include <cstring>

namespace sluice {

namespace {

template<size_t N>
bool equalConstantTime(const std::array<quint8, N> &a, const std::array<quint8, N> &b)
{
    quint8 difference = 0;
    for (size_t i = 0; i < N; ++i)
        difference |= quint8(a[i] ^ b[i]);
    return difference == 0;
}

QString hexOf(const std::array<quint8, RequestSecret::kPartBytes> &part)
{
    return QString::fromLatin1(
        QByteArray::fromRawData(reinterpret_cast<const char *>(part.data()), qsizetype(part.size()))
            .toHex());
}

} // namespace

std::optional<std::array<quint8, RequestSecret::kPartBytes>> parseSecretPart(QStringView text)
{
    if (text.size() != 2 * RequestSecret::kPartBytes)
        return std::nullopt;
    std::array<quint8, RequestSecret::kPartBytes> part{};
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        int digit = -1;
        if (c >= u'0' && c <= u'9')
            digit = c - u'0';
        else if (c >= u'a' && c <= u'f')
            digit = c - u'a' + 10;
        if (digit < 0)
            return std::nullopt;
        part[size_t(i / 2)] = quint8(part[size_t(i / 2)] << 4 | digit);
    }
    return part;
}

bool RequestSecret::isNull() const
{
    return *this == RequestSecret{};
}

QByteArray RequestSecret::toBytes() const
{
    if (isNull())
        return {};
    QByteArray bytes(reinterpret_cast<const char *>(idPart.data()), kPartBytes);
    bytes.append(reinterpret_cast<const char *>(tokenPart.data()), kPartBytes);
    return bytes;
}

RequestSecret RequestSecret::fromBytes(QByteArrayView bytes)
{
    RequestSecret secret;
    if (bytes.size() != 2 * kPartBytes)
        return secret;
    std::memcpy(secret.idPart.data(), bytes.data(), kPartBytes);
    std::memcpy(secret.tokenPart.data(), bytes.data() + kPartBytes, kPartBytes);
    return secret;
}

QString RequestSecret::token() const
{
    return isNull() ? QString() : hexOf(tokenPart);
}

bool RequestSecret::idPartEquals(const std::array<quint8, kPartBytes> &presented) const
{
    return !isNull() && equalConstantTime(idPart, presented);
}

bool RequestSecret::tokenEquals(QStringView presented) const
{
    const auto part = parseSecretPart(presented);
    return part && !isNull() && equalConstantTime(tokenPart, *part);
}

QString formatRequestId(RequestId id)
{
    return QString::number(id, 16);
}

QString formatRequestId(RequestId id, const RequestSecret &secret)
{
    if (secret.isNull())
        return formatRequestId(id);
    return formatRequestId(id) + u'-' + hexOf(secret.idPart);
}

std::optional<RequestId> parseRequestId(QStringView text)
{
    if (text.isEmpty() || text.size() > 16)
        return std::nullopt;
    bool ok = false;
    const RequestId id = text.toULongLong(&ok, 16);
    if (!ok || id == 0)
        return std::nullopt;
    return id;
}

std::optional<PublicRequestId> parsePublicRequestId(QStringView text)
{
    const qsizetype dash = text.indexOf(u'-');
    const std::optional<RequestId> id = parseRequestId(dash < 0 ? text : text.first(dash));
    if (!id)
        return std::nullopt;
    PublicRequestId result;
    result.id = *id;
    if (dash < 0)
        return result;
    const auto part = parseSecretPart(text.sliced(dash + 1));
    if (!part)
        return std::nullopt;
    result.hasSecret = true;
    result.idPart = *part;
    return result;
}

QByteArray clientIdKey(RequestId id, const std::array<quint8, RequestSecret::kPartBytes> &idPart)
{
    QByteArray key(reinterpret_cast<const char *>(&id), sizeof id);
    key.append(reinterpret_cast<const char *>(idPart.data()), qsizetype(idPart.size()));
    return key;
}

} // namespace sluice
