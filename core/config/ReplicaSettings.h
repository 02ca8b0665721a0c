#pragma once

#include <QString>

namespace sluice {

/// The keys of a configuration file that belong to the one `sluiced` reading it, not to the
/// configuration the deployment shares: where Redis is, the deployment's name, this
/// replica's name. Read at start only (a reload ignores a change), never part of a
/// configuration version, and overridden by the command line (--redis, --deployment,
/// --replica). The dashboard's embedded engine reads and ignores them.
struct ReplicaSettings
{
    QString redisUrl;   ///< `redis_url`: empty, the replica runs alone (unless --redis)
    QString deployment; ///< `deployment`
    QString replica;    ///< `replica`
};

namespace fields {

template<typename Visitor> void visitReplica(ReplicaSettings &settings, Visitor &visitor)
{
    using namespace Qt::StringLiterals;
    visitor.field("redis_url"_L1, settings.redisUrl);
    visitor.field("deployment"_L1, settings.deployment);
    visitor.field("replica"_L1, settings.replica);
}

} // namespace fields

} // namespace sluice
