#include "api/ApiKeys.h"

#include "protocol/WireRecords.h"
#include "store/Store.h"

#include <QCryptographicHash>
#include <QDebug>
#include <QRandomGenerator>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype kIdLength = 12;
constexpr qsizetype kSecretLength = 43; // 32 bytes in unpadded base64url
constexpr qsizetype kMaxNameLength = 64;
constexpr QByteArrayView kPrefix = "sk_";

QByteArray randomBytes(qsizetype count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes;
}

bool isHex(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool isBase64Url(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

bool validName(const QString &name)
{
    return !name.isEmpty() && name.size() <= kMaxNameLength &&
           std::all_of(name.begin(), name.end(), [](QChar c) { return c.isPrint(); });
}
} // namespace

ApiKeys::ApiKeys(Store &store, const Clock &clock, Writer write)
    : m_store(store)
    , m_clock(clock)
    , m_write(std::move(write))
{
    reload();
}

ApiKeys::Writer ApiKeys::committingTo(Store &store)
{
    return [&store](StoreBatch batch) {
        return store.commit(batch);
    };
}

bool ApiKeys::reload()
{
    const Result<QList<ApiKeyRow>> rows = m_store.readApiKeys();
    if (!rows) {
        qWarning().noquote() << "API keys not reloaded:" << rows.error().message;
        return false;
    }
    adopt(*rows);
    return true;
}

void ApiKeys::adopt(const QList<ApiKeyRow> &rows)
{
    QHash<QString, ApiKeyRow> keys;
    keys.reserve(rows.size());
    for (const ApiKeyRow &row : rows)
        keys.insert(row.id, row);
    // A change of ours the writer has not committed yet is newer than the table's row.
    // A revocation in the table (`sluiced keys revoke`) wins over any of ours: a key is never
    // valid again.
    for (auto it = m_unread.begin(); it != m_unread.end();) {
        const auto stored = keys.constFind(it.key());
        if (stored != keys.cend() && (stored->revokedAt == it->revokedAt || stored->revokedAt != 0)) {
            it = m_unread.erase(it);
        } else {
            keys.insert(it.key(), *it);
            ++it;
        }
    }
    m_keys = std::move(keys);
}

Result<Done> ApiKeys::write(const ApiKeyRow &row)
{
    StoreBatch batch;
    batch.putApiKey(row);
    if (Result<Done> written = m_write(std::move(batch)); !written)
        return written;
    m_keys.insert(row.id, row);
    m_unread.insert(row.id, row);
    return Done{};
}

Result<ApiKeys::Created> ApiKeys::create(const QString &name, Role role)
{
    const auto invalid = [](const QString &field, const QString &message) {
        return Error{errors::kValidationFailed, message, {FieldError{field, message}}};
    };
    if (!validName(name))
        return invalid(u"name"_s,
                       u"name must be 1 to %1 printable characters"_s.arg(kMaxNameLength));
    if (role == Role::None)
        return invalid(u"role"_s, u"role must be client, support, operator or admin"_s);
    Created created;
    do {
        created.row.id = QString::fromLatin1(randomBytes(kIdLength / 2).toHex());
    } while (m_keys.contains(created.row.id));
    const QByteArray secret =
        randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    created.key = u"sk_"_s + created.row.id + u'_' + QString::fromLatin1(secret);
    created.row.name = name;
    created.row.role = roleName(role);
    created.row.hash = hash(created.key.toLatin1());
    created.row.createdAt = m_clock.now();
    if (Result<Done> written = write(created.row); !written)
        return written.error();
    return created;
}

Result<Done> ApiKeys::revoke(const QString &id)
{
    const auto found = m_keys.constFind(id);
    if (found == m_keys.cend())
        return Error{errors::kUnknownKey, u"no API key with id '%1'"_s.arg(id.left(40)), {}};
    if (found->revokedAt != 0)
        return Error{errors::kAlreadyRevoked, u"the API key '%1' is already revoked"_s.arg(id), {}};
    ApiKeyRow revoked = *found;
    revoked.revokedAt = m_clock.now();
    return write(revoked);
}

Result<bool> ApiKeys::merge(const ApiKeyRow &row)
{
    const auto found = m_keys.constFind(row.id);
    if (found == m_keys.cend()) {
        if (Result<Done> written = write(row); !written)
            return written.error();
        return true;
    }
    if (found->revokedAt != 0 || row.revokedAt == 0 || found->hash != row.hash)
        return false;
    ApiKeyRow revoked = *found;
    revoked.revokedAt = row.revokedAt;
    if (Result<Done> written = write(revoked); !written)
        return written.error();
    return true;
}

QList<ApiKeyRow> ApiKeys::list() const
{
    QList<ApiKeyRow> rows = m_keys.values();
    std::sort(rows.begin(), rows.end(),
              [](const ApiKeyRow &a, const ApiKeyRow &b) { return a.id < b.id; });
    return rows;
}

std::optional<ApiKeys::Identity> ApiKeys::authenticate(QByteArrayView presented)
{
    const std::optional<QString> id = keyIdOf(presented);
    if (!id)
        return std::nullopt;
    const auto found = m_keys.constFind(*id);
    const ApiKeyRow *key = found == m_keys.cend() ? nullptr : &*found;
    if (!key || key->revokedAt != 0 || !equalConstantTime(hash(presented), key->hash))
        return std::nullopt;
    const std::optional<Role> role = roleFromName(key->role);
    if (!role || *role == Role::None)
        return std::nullopt;
    return Identity{*role, key->id, key->name};
}

QByteArray ApiKeys::presentedKey(const ApiRequest &request)
{
    const QByteArray key = request.header("x-api-key");
    if (!key.isEmpty())
        return key.trimmed();
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.size() > 7 &&
        authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return authorization.mid(7).trimmed();
    return {};
}

QByteArray ApiKeys::hash(QByteArrayView key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256);
}

bool ApiKeys::equalConstantTime(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

std::optional<QString> ApiKeys::keyIdOf(QByteArrayView key)
{
    constexpr qsizetype length = 3 + kIdLength + 1 + kSecretLength;
    if (key.size() != length || !key.startsWith(kPrefix) || key[3 + kIdLength] != '_')
        return std::nullopt;
    const QByteArrayView id = key.sliced(3, kIdLength);
    if (!isHex(id) || !isBase64Url(key.sliced(3 + kIdLength + 1)))
        return std::nullopt;
    return QString::fromLatin1(id);
}

} // namespace sluice
