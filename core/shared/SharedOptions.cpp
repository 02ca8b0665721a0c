#include "shared/SharedOptions.h"

#include "redis/RedisKeys.h"

#include <QCoreApplication>
#include <QHostInfo>

namespace sluice {

using namespace Qt::StringLiterals;

std::optional<SharedOptions> SharedOptions::parse(const QString &url, const QString &deployment,
                                                  const QString &replica, quint16 port,
                                                  QString *error)
{
    SharedOptions options;
    const std::optional<RedisUrl> parsed = RedisUrl::parse(url, error);
    if (!parsed)
        return std::nullopt;
    options.url = *parsed;
    if (!deployment.isEmpty())
        options.deployment = deployment;
    if (!RedisKeys::isValidDeployment(options.deployment)) {
        *error = u"--deployment must be 1-64 letters, digits, '.', '_' or '-' (got \"%1\")"_s.arg(
            options.deployment);
        return std::nullopt;
    }
    options.replica = replica;
    if (options.replica.isEmpty())
        options.replica =
            QHostInfo::localHostName() + u':' +
            (port != 0 ? QString::number(port)
                       : u"pid"_s + QString::number(QCoreApplication::applicationPid()));
    if (options.replica.size() > 128 || options.replica.contains(u'\n')) {
        *error = u"--replica must be at most 128 characters on one line"_s;
        return std::nullopt;
    }
    return options;
}

} // namespace sluice
