#include "redis/RedisKeys.h"

#include <QRegularExpression>

namespace sluice {

RedisKeys::RedisKeys(const QString &deployment)
    : m_prefix("{sl:" + deployment.toUtf8() + "}")
{}

bool RedisKeys::isValidDeployment(const QString &deployment)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return pattern.match(deployment).hasMatch();
}

QList<QByteArray> RedisKeys::poolKeys(const QString &pool) const
{
    const QByteArray p = m_prefix + ":p:" + pool.toUtf8() + ":";
    // In the order of KEY_NAMES in lua/common.lua.
    return {p + "st",
            p + "leases",
            p + "linfo",
            p + "ctx",
            p + "rpm",
            p + "tpm",
            p + "tpmtok",
            p + "q",
            p + "park",
            p + "tinfo",
            p + "tdl",
            p + "ucnt",
            m_prefix + ":quota",
            m_prefix + ":idem",
            m_prefix + ":idemx",
            events(),
            testClock(),
            m_prefix + ":replicas",
            m_prefix + ":spend",
            m_prefix + ":usage"};
}

} // namespace sluice
