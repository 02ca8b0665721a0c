#include "redis/RedisUrl.h"

#include <QUrl>

namespace sluice {

namespace {

/// Whether `text` may hold credentials. Such a URL is never repeated, nor any part of it: a
/// password with an unencoded '/', '#', '?' or '@' moves into whatever part of the URL a
/// message would quote (QUrl's own errors quote the whole of it).
bool hasCredentials(const QString &text)
{
    return text.contains(QLatin1Char('@'));
}

Error fail(const QString &text, const QString &why)
{
    const QString shown = hasCredentials(text) ? QStringLiteral("(with credentials, not shown)")
                                               : QLatin1Char('\'') + text + QLatin1Char('\'');
    return Error{errors::kInvalidArgument, QStringLiteral("Redis URL %1: %2").arg(shown, why), {}};
}

} // namespace

Result<RedisUrl> RedisUrl::parse(const QString &text)
{
    if (text.trimmed().isEmpty())
        return fail(text, QStringLiteral("empty; expected redis://HOST:PORT[/DB]"));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid()) {
        return fail(text, hasCredentials(text)
                              ? QStringLiteral("not a URL; in the user and password, write '/' "
                                               "'@' '#' '?' '%' and spaces as %2F %40 %23 %3F "
                                               "%25 %20")
                              : QStringLiteral("not a URL (%1)").arg(url.errorString()));
    }
    if (url.scheme() != QLatin1String("redis"))
        return fail(text, QStringLiteral("the scheme must be redis:// (rediss:// and unix "
                                         "sockets are not supported)"));
    if (url.host().isEmpty())
        return fail(text, QStringLiteral("no host; expected redis://HOST:PORT[/DB]"));
    if (url.hasQuery() || url.hasFragment())
        return fail(text, QStringLiteral("a query or fragment is not allowed"));
    RedisUrl out;
    out.host = url.host();
    out.user = url.userName(QUrl::FullyDecoded);
    out.password = url.password(QUrl::FullyDecoded);
    if (out.user.contains(QLatin1Char(' ')) || out.user.contains(QLatin1Char('\n')))
        return fail(text, QStringLiteral("the user name must not hold spaces"));
    const int port = url.port(6379);
    if (port < 1 || port > 65535)
        return fail(text, QStringLiteral("the port must be 1-65535"));
    out.port = quint16(port);
    QString path = url.path();
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (!path.isEmpty()) {
        bool ok = false;
        out.db = path.toInt(&ok);
        if (!ok || out.db < 0 || out.db > 15 || path.startsWith(QLatin1Char('+')))
            return fail(
                text,
                hasCredentials(text)
                    ? QStringLiteral("the database must be a number 0-15")
                    : QStringLiteral("the database must be a number 0-15, not '%1'").arg(path));
    }
    return out;
}

QString RedisUrl::toString() const
{
    const QString shownHost =
        host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    const QString shownUser =
        user.isEmpty() ? QString()
                       : QString::fromUtf8(QUrl::toPercentEncoding(user)) + QLatin1Char('@');
    return QStringLiteral("redis://%1%2:%3/%4").arg(shownUser, shownHost).arg(port).arg(db);
}

} // namespace sluice
