#include "shared/SharedOptions.h"

#include "redis/RedisKeys.h"

#include <QCoreApplication>
#include <QHostInfo>

namespace sluice {

using namespace Qt::StringLiterals;

Result<SharedOptions> SharedOptions::parse(const QString &url, const QString &deployment,
                                           const QString &replica, quint16 port,
                                           const QString &password)
{
    SharedOptions options;
    const Result<RedisUrl> parsed = RedisUrl::parse(url);
    if (!parsed)
        return parsed.error();
    options.url = *parsed;
    if (!password.isEmpty())
        options.url.password = password;
    if (!options.url.user.isEmpty() && options.url.password.isEmpty()) {
        return Error{
            errors::kInvalidArgument,
            u"the Redis URL names user '%1' but no password: put it in the URL "
            "(redis://USER:PASSWORD@HOST) or in SLUICE_REDIS_PASSWORD"_s.arg(options.url.user),
            {}};
    }
    if (!deployment.isEmpty())
        options.deployment = deployment;
    if (!RedisKeys::isValidDeployment(options.deployment)) {
        return Error{
            errors::kInvalidArgument,
            u"--deployment must be 1-64 letters, digits, '.', '_' or '-' (got \"%1\")"_s.arg(
                options.deployment),
            {}};
    }
    options.replica = replica;
    options.replicaGiven = !replica.isEmpty();
    if (options.replica.isEmpty())
        options.replica =
            QHostInfo::localHostName() + u':' +
            (port != 0 ? QString::number(port)
                       : u"pid"_s + QString::number(QCoreApplication::applicationPid()));
    if (options.replica.size() > 128 || options.replica.contains(u'\n')) {
        return Error{errors::kInvalidArgument,
                     u"--replica must be at most 128 characters on one line"_s,
                     {}};
    }
    return options;
}

} // namespace sluice
