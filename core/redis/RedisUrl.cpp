#include "redis/RedisUrl.h"

#include <QRegularExpression>
#include <QUrl>

namespace sluice {

namespace {

/// `text` with whatever stands between the scheme's user and the last '@' starred out, so
/// that an error never repeats a password, even in a URL too broken for QUrl.
QString withoutPassword(const QString &text)
{
    static const QRegularExpression userInfo(
        QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*://[^/?#@:]*):.*@"));
    QString shown = text;
    shown.replace(userInfo, QStringLiteral("\\1:***@"));
    return shown;
}

Error fail(const QString &text, const QString &why)
{
    return Error{errors::kInvalidArgument,
                 QStringLiteral("Redis URL '%1': %2").arg(withoutPassword(text), why),
                 {}};
}

} // namespace

Result<RedisUrl> RedisUrl::parse(const QString &text)
{
    if (text.trimmed().isEmpty())
        return fail(text, QStringLiteral("empty; expected redis://HOST:PORT[/DB]"));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(text, QStringLiteral("not a URL (%1)").arg(url.errorString()));
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
            return fail(text,
                        QStringLiteral("the database must be a number 0-15, not '%1'").arg(path));
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
