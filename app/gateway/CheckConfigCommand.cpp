#include "CheckConfigCommand.h"

#include "config/ConfigCheck.h"
#include "shared/SharedOptions.h"

#include <QTextStream>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
QString count(qsizetype n, const QString &one, const QString &many)
{
    return QString::number(n) + u' ' + (n == 1 ? one : many);
}
} // namespace

int runCheckConfig(const QString &path, QTextStream &out, QTextStream &err)
{
    ReplicaSettings replica;
    const Result<EngineConfig> result = checkConfigFile(path, &replica);
    if (!result.ok()) {
        for (const FieldError &error : result.error().fields)
            err << error.message << '\n';
        err << path << ": " << count(result.error().fields.size(), u"error"_s, u"errors"_s) << '\n';
        return 1;
    }
    QString shared;
    if (!replica.redisUrl.isEmpty() || !replica.deployment.isEmpty() ||
        !replica.replica.isEmpty()) {
        // The password may be in the service's environment file only: not needed here.
        const Result<SharedOptions> options =
            replica.redisUrl.isEmpty()
                ? Result<SharedOptions>(Error{
                      errors::kInvalidArgument, u"deployment and replica need redis_url"_s, {}})
                : SharedOptions::parse(replica.redisUrl, replica.deployment, replica.replica, 0,
                                       u"not-checked"_s);
        if (!options) {
            err << path << ": " << options.error().message << '\n' << path << ": 1 error\n";
            return 1;
        }
        shared = u", shared through "_s + options->url.toString() + u" as deployment "_s +
                 options->deployment;
    }
    const EngineConfig &config = *result;
    QStringList pools;
    for (const PoolConfig &pool : config.pools)
        pools << pool.name;
    out << path << ": valid, " << count(config.pools.size(), u"pool"_s, u"pools"_s) << " ("
        << pools.join(u", "_s) << "), " << count(config.tiers.size(), u"tier"_s, u"tiers"_s)
        << ", default tier " << config.defaultTier << ", "
        << count(config.pricing.size(), u"priced model"_s, u"priced models"_s) << ", "
        << count(config.alertRules.size(), u"alert rule"_s, u"alert rules"_s) << shared << '\n';
    return 0;
}

} // namespace sluice
