#include "HttpRequestParser.h"

#include "protocol/ApiResponse.h"

#include <QUrl>
#include <QUrlQuery>

#include <cstring>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

namespace sluice {

using namespace Qt::StringLiterals;
namespace http = boost::beast::http;
using boost::beast::error_code;
using boost::beast::string_view;

namespace {

QByteArrayView view(string_view s)
{
    return QByteArrayView(s.data(), qsizetype(s.size()));
}

/// Path characters that QUrl leaves as they are (no percent sign, nothing to encode).
bool isPlainPath(QByteArrayView path)
{
    return std::all_of(path.begin(), path.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
    });
}

/// Whether a header line continues on the next (obsolete line folding: a line break followed
/// by a space or a tab). One pass: QByteArrayView::contains() with a two-byte needle costs a
/// few thousand instructions per head, twice.
bool hasFoldedLine(QByteArrayView head)
{
    const char *at = head.data();
    const char *end = at + head.size();
    while ((at = static_cast<const char *>(std::memchr(at, '\n', size_t(end - at)))) &&
           ++at < end) {
        if (*at == ' ' || *at == '\t')
            return true;
    }
    return false;
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    for (QByteArrayView item : QLatin1StringView(list).tokenize(u',')) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

class HttpRequestParser::Impl final : public http::basic_parser<true>
{
public:
    explicit Impl(HttpRequestParser &outer)
        : m(outer)
    {}

private:
    void on_request_impl(http::verb, string_view method, string_view target, int version,
                         error_code &ec) override
    {
        ApiRequest &request = m.m_request;
        request.method = methodFromName(view(method));
        if (request.method == HttpMethod::Other) {
            m.fail(405, errors::kMethodNotAllowed,
                   u"Method %1 is not supported"_s.arg(QString::fromLatin1(
                       view(method).first(std::min<qsizetype>(qsizetype(method.size()), 20)))));
            ec = http::error::bad_method;
            return;
        }
        if (version != 10 && version != 11) {
            m.fail(400, u"BAD_REQUEST"_s, u"Only HTTP/1.0 and HTTP/1.1 are served"_s);
            ec = http::error::bad_version;
            return;
        }
        if (!setTarget(view(target))) {
            m.fail(400, u"BAD_REQUEST"_s,
                   u"Malformed request target: expected /path or /path?query"_s);
            ec = http::error::bad_target;
        }
    }

    bool setTarget(QByteArrayView target)
    {
        ApiRequest &request = m.m_request;
        if (!target.startsWith('/'))
            return false;
        const qsizetype hash = target.indexOf('#');
        if (hash >= 0)
            target = target.first(hash);
        const qsizetype mark = target.indexOf('?');
        const QByteArrayView path = mark < 0 ? target : target.first(mark);
        QUrl url;
        if (isPlainPath(path)) {
            request.path = QString::fromLatin1(path);
        } else {
            url.setPath(QString::fromUtf8(path), QUrl::TolerantMode);
            request.path = url.path(QUrl::FullyEncoded);
        }
        if (mark >= 0) {
            url.setQuery(QString::fromUtf8(target.sliced(mark + 1)));
            request.rawQuery = url.query(QUrl::FullyEncoded).toLatin1();
            const QUrlQuery query(url);
            for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
                request.query.append({key, value});
        }
        return true;
    }

    void on_response_impl(int, string_view, int, error_code &ec) override
    {
        ec = http::error::bad_method;
    }

    void on_field_impl(http::field field, string_view name, string_view value,
                       error_code &ec) override
    {
        if (m.m_headDone)
            return; // a trailer after a chunked body: not used
        const QByteArrayView v = view(value);
        if (v.contains('\r') || v.contains('\n')) {
            m.fail(400, u"BAD_REQUEST"_s,
                   u"Malformed header line: a folded line or a CR inside a value"_s);
            ec = http::error::bad_value;
            return;
        }
        if (field == http::field::content_length || field == http::field::transfer_encoding) {
            const bool isLength = field == http::field::content_length;
            (isLength ? m.m_sawLength : m.m_sawTransferEncoding) = true;
            if (m.m_sawLength && m.m_sawTransferEncoding) {
                m.fail(400, u"BAD_REQUEST"_s,
                       u"Content-Length and Transfer-Encoding together: the body's length is "
                       "ambiguous"_s);
                ec = http::error::bad_transfer_encoding;
                return;
            }
            if (!isLength && v.trimmed().compare("chunked", Qt::CaseInsensitive) != 0) {
                const bool chunkedLast = v.trimmed().toByteArray().toLower().endsWith("chunked");
                m.fail(chunkedLast ? 501 : 400, u"BAD_REQUEST"_s,
                       chunkedLast ? u"Only Transfer-Encoding: chunked is supported"_s
                                   : u"Transfer-Encoding must end with chunked"_s);
                ec = http::error::bad_transfer_encoding;
                return;
            }
        } else if (field == http::field::expect) {
            m.m_expectContinue = v.trimmed().compare("100-continue", Qt::CaseInsensitive) == 0;
        } else if (field == http::field::upgrade) {
            m.m_upgrade = m.m_upgrade || hasToken(v, "websocket");
        }
        m.m_request.headers.append({view(name).toByteArray().toLower(), v.toByteArray()});
    }

    void on_header_impl(error_code &) override
    {
        m.m_close = !keep_alive();
        m.m_contentLength = qint64(content_length().value_or(0));
    }

    void on_body_init_impl(const boost::optional<std::uint64_t> &length, error_code &) override
    {
        if (length)
            m.m_request.body.reserve(qsizetype(*length));
    }

    std::size_t on_body_impl(string_view body, error_code &) override
    {
        m.m_request.body.append(body.data(), qsizetype(body.size()));
        return body.size();
    }

    void on_chunk_header_impl(std::uint64_t, string_view, error_code &) override {}

    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code &) override
    {
        m.m_request.body.append(body.data(), qsizetype(body.size()));
        return body.size();
    }

    void on_finish_impl(error_code &) override {}

    HttpRequestParser &m;
};

HttpRequestParser::HttpRequestParser(const Limits &limits)
    : m_limits(limits)
{
    reset();
}

HttpRequestParser::~HttpRequestParser() = default;

void HttpRequestParser::reset()
{
    m_request = ApiRequest();
    m_headStarted = m_headDone = m_close = m_expectContinue = m_upgrade = false;
    m_sawLength = m_sawTransferEncoding = false;
    m_contentLength = 0;
    m_errorStatus = 0;
    m_errorCode.clear();
    m_errorMessage.clear();
    m_impl = std::make_unique<Impl>(*this);
    m_impl->eager(false); // stop after the head, so that it is admitted before the body
    m_impl->header_limit(std::uint32_t(m_limits.maxHeadBytes));
    m_impl->body_limit(std::uint64_t(m_limits.maxBodyBytes));
}

HttpRequestParser::Step HttpRequestParser::fail(int status, const QString &code,
                                                const QString &message)
{
    if (m_errorStatus == 0) {
        m_errorStatus = status;
        m_errorCode = code;
        m_errorMessage = message;
    }
    return Step::Error;
}

HttpRequestParser::Step HttpRequestParser::feed(QByteArrayView data, qsizetype *consumed)
{
    *consumed = 0;
    if (m_errorStatus != 0)
        return Step::Error;
    if (m_impl->is_done() && m_headDone)
        return Step::Done;
    m_headStarted = m_headStarted || !data.isEmpty();
    std::size_t used = 0;
    while (true) {
        error_code ec;
        const std::size_t n = m_impl->put(
            boost::asio::const_buffer(data.data() + used, std::size_t(data.size()) - used), ec);
        used += n;
        *consumed = qsizetype(used);
        if (ec == http::error::need_more)
            return Step::NeedMore;
        if (ec == http::error::body_limit)
            return fail(413, errors::kPayloadTooLarge,
                        u"The request body is larger than %1 bytes"_s.arg(m_limits.maxBodyBytes));
        if (ec == http::error::header_limit)
            return fail(431, u"HEADERS_TOO_LARGE"_s,
                        u"The request head is larger than %1 bytes"_s.arg(m_limits.maxHeadBytes));
        if (ec == http::error::bad_content_length)
            return fail(400, u"BAD_REQUEST"_s, u"Invalid Content-Length"_s);
        if (ec == http::error::bad_transfer_encoding)
            return fail(400, u"BAD_REQUEST"_s,
                        u"Transfer-Encoding twice or with Content-Length: the body's length is "
                        "ambiguous"_s);
        if (ec == http::error::bad_method || ec == http::error::bad_target ||
            ec == http::error::bad_version)
            return fail(400, u"BAD_REQUEST"_s,
                        u"Malformed request line: expected METHOD /path HTTP/1.1"_s);
        if (ec == http::error::bad_field || ec == http::error::bad_value ||
            ec == http::error::bad_line_ending || ec == http::error::bad_obs_fold)
            return fail(400, u"BAD_REQUEST"_s,
                        u"Malformed header line (%1)"_s.arg(QString::fromStdString(ec.message())));
        if (ec)
            return fail(400, u"BAD_REQUEST"_s,
                        u"Malformed request (%1)"_s.arg(QString::fromStdString(ec.message())));
        if (m_impl->is_header_done() && !m_headDone) {
            // Beast unfolds obsolete line folding; RFC 9112 5.2 lets a server refuse it.
            if (hasFoldedLine(data.first(qsizetype(used))))
                return fail(400, u"BAD_REQUEST"_s,
                            u"Malformed header line: folded lines are not accepted"_s);
            m_headDone = true;
            m_impl->eager(true);
            return Step::Head;
        }
        if (m_impl->is_done())
            return Step::Done;
        if (n == 0 || used == std::size_t(data.size()))
            return Step::NeedMore;
    }
}

} // namespace sluice
