#include "CheckConfigCommand.h"

#include "config/ConfigCheck.h"

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
    const Result<EngineConfig> result = checkConfigFile(path);
    if (!result.ok()) {
        for (const FieldError &error : result.error().fields)
            err << error.message << '\n';
        err << path << ": " << count(result.error().fields.size(), u"error"_s, u"errors"_s) << '\n';
        return 1;
    }
    const EngineConfig &config = *result;
    QStringList pools;
    for (const PoolConfig &pool : config.pools)
        pools << pool.name;
    out << path << ": valid, " << count(config.pools.size(), u"pool"_s, u"pools"_s) << " ("
        << pools.join(u", "_s) << "), " << count(config.tiers.size(), u"tier"_s, u"tiers"_s)
        << ", default tier " << config.defaultTier << ", "
        << count(config.pricing.size(), u"priced model"_s, u"priced models"_s) << ", "
        << count(config.alertRules.size(), u"alert rule"_s, u"alert rules"_s) << '\n';
    return 0;
}

} // namespace sluice
