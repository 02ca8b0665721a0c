#include "ForwardedHeaders.h"

#include <QList>

namespace sluice::ForwardedHeaders {
namespace {

bool isOneOf(QByteArrayView name, std::initializer_list<QByteArrayView> names)
{
    for (const QByteArrayView each : names)
        if (name.compare(each, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

bool isHopByHop(QByteArrayView name)
{
    return isOneOf(name, {"connection", "keep-alive", "proxy-connection", "proxy-authenticate",
                          "proxy-authorization", "te", "trailer", "transfer-encoding",
                          "upgrade"});
}

/// The field names listed in Connection headers: hop-by-hop for this connection only.
QList<QByteArray> connectionOptions(const HeaderList &headers)
{
    QList<QByteArray> names;
    for (const auto &[name, value] : headers) {
        if (name.compare("connection", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &option : value.split(','))
            names.append(option.trimmed().toLower());
    }
    return names;
}

HeaderList without(const HeaderList &headers, const auto &dropped)
{
    const QList<QByteArray> options = connectionOptions(headers);
    HeaderList kept;
    for (const auto &pair : headers) {
        const QByteArray &name = pair.first;
        if (isHopByHop(name) || dropped(name) || options.contains(name.toLower()))
            continue;
        kept.append(pair);
    }
    return kept;
}

} // namespace

HeaderList toUpstream(const HeaderList &client, QByteArrayView credentialHeader)
{
    return without(client, [credentialHeader](QByteArrayView name) {
        return isOneOf(name, {"host", "content-length", "accept-encoding", "expect", "x-api-key",
                              "authorization", "xi-api-key", "api-key"})
               || (!credentialHeader.isEmpty()
                   && name.compare(credentialHeader, Qt::CaseInsensitive) == 0)
               || name.toByteArray().toLower().startsWith("x-sluice-");
    });
}

HeaderList toClient(const HeaderList &upstream)
{
    return without(upstream, [](QByteArrayView name) {
        return isOneOf(name, {"content-length", "content-encoding"});
    });
}

QByteArray clientKey(const HeaderList &client)
{
    const QByteArray apiKey = value(client, "x-api-key").trimmed();
    if (!apiKey.isEmpty())
        return apiKey;
    const QByteArray authorization = value(client, "authorization").trimmed();
    static constexpr QByteArrayView kBearer = "bearer ";
    if (authorization.size() > kBearer.size()
        && QByteArrayView(authorization).first(kBearer.size()).compare(kBearer, Qt::CaseInsensitive) == 0)
        return authorization.mid(kBearer.size()).trimmed();
    return {};
}

std::pair<QByteArray, QByteArray> credential(const QString &header, const QByteArray &key)
{
    const QByteArray name = header.toLatin1().toLower();
    if (name == "authorization")
        return {name, "Bearer " + key};
    return {name, key};
}

QByteArray value(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &[key, fieldValue] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return fieldValue;
    return {};
}

} // namespace sluice::ForwardedHeaders
