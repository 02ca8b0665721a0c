#include "ProxyRequest.h"

#include "ForwardedHeaders.h"

using namespace Qt::StringLiterals;

namespace sluice {

QByteArray ProxyRequest::header(QByteArrayView name) const
{
    return ForwardedHeaders::value(headers, name);
}

std::optional<ProxyRequest> ProxyRequest::fromUrl(const QByteArray &method, const QUrl &url,
                                                  HeaderList headers, QByteArray body,
                                                  QString *error)
{
    static constexpr QByteArrayView kPrefix = "/proxy/";
    const QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    if (!path.startsWith(kPrefix)) {
        *error = u"proxy URLs have the form /proxy/<pool>/<path>"_s;
        return std::nullopt;
    }
    const qsizetype poolEnd = path.indexOf('/', kPrefix.size());
    const QByteArray pool = path.mid(kPrefix.size(), poolEnd < 0 ? -1 : poolEnd - kPrefix.size());
    if (pool.isEmpty()) {
        *error = u"the proxy URL names no pool: use /proxy/<pool>/<path>"_s;
        return std::nullopt;
    }
    ProxyRequest request;
    request.method = method;
    request.pool = QUrl::fromPercentEncoding(pool);
    request.path = poolEnd < 0 ? QByteArray() : path.mid(poolEnd);
    for (const QByteArray &segment : request.path.split('/')) {
        const QByteArray decoded = QByteArray::fromPercentEncoding(segment);
        if (decoded == "." || decoded == "..") {
            *error = u"the proxied path must not contain '.' or '..' segments"_s;
            return std::nullopt;
        }
    }
    request.query = url.query(QUrl::FullyEncoded).toLatin1();
    request.headers = std::move(headers);
    request.body = std::move(body);
    return request;
}

} // namespace sluice
