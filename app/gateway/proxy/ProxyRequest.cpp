#include "ProxyRequest.h"

#include "engine/Reason.h"

#include "ForwardedHeaders.h"

using namespace Qt::StringLiterals;

namespace sluice {

namespace {

/// How many rounds of percent-decoding a segment may need before it stops changing; an
/// upstream (or something in front of it) may decode more than once.
constexpr int kMaxDecodings = 3;

/// What is wrong with one raw path segment, decoded up to kMaxDecodings times; empty if
/// nothing. Each decoded form is checked, so `%252e%252e` is as much a ".." as `..`.
QString segmentProblem(const QByteArray &raw)
{
    QByteArray form = raw;
    for (int round = 0;; ++round) {
        if (form.contains('\\'))
            return u"it contains a backslash (raw or percent-encoded)"_s;
        if (form.contains('\0'))
            return u"it contains a NUL byte"_s;
        if (round > 0 && form.contains('/'))
            return u"it contains an encoded slash (%2F)"_s;
        if (form == "." || form == "..")
            return u"it contains a '.' or '..' segment (also when percent-encoded)"_s;
        const QByteArray decoded = QByteArray::fromPercentEncoding(form);
        if (decoded == form)
            return {};
        if (round == kMaxDecodings)
            return u"a segment is percent-encoded too many times"_s;
        form = decoded;
    }
}

} // namespace

QString ProxyRequest::pathProblem(const QByteArray &path)
{
    for (const QByteArray &segment : path.split('/')) {
        if (const QString problem = segmentProblem(segment); !problem.isEmpty())
            return problem;
    }
    return {};
}

QByteArray ProxyRequest::header(QByteArrayView name) const
{
    return ForwardedHeaders::value(headers, name);
}

Result<ProxyRequest> ProxyRequest::fromUrl(const QByteArray &method, const QUrl &url,
                                           HeaderList headers, QByteArray body)
{
    static constexpr QByteArrayView kPrefix = "/proxy/";
    const QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    if (!path.startsWith(kPrefix)) {
        return reasonError(Reason::InvalidRequest,
                           u"proxy URLs have the form /proxy/<pool>/<path>"_s);
    }
    const qsizetype poolEnd = path.indexOf('/', kPrefix.size());
    const QByteArray pool = path.mid(kPrefix.size(), poolEnd < 0 ? -1 : poolEnd - kPrefix.size());
    if (pool.isEmpty()) {
        return reasonError(Reason::InvalidRequest,
                           u"the proxy URL names no pool: use /proxy/<pool>/<path>"_s);
    }
    ProxyRequest request;
    request.method = method;
    request.pool = QUrl::fromPercentEncoding(pool);
    request.path = poolEnd < 0 ? QByteArray() : path.mid(poolEnd);
    if (const QString problem = pathProblem(request.path); !problem.isEmpty()) {
        return reasonError(Reason::InvalidRequest, u"the proxied path is refused: "_s + problem);
    }
    request.query = url.query(QUrl::FullyEncoded).toLatin1();
    request.headers = std::move(headers);
    request.body = std::move(body);
    return request;
}

} // namespace sluice
