// SharedAdmission: its own lines of /metrics, in the Prometheus text format.

#include "shared/SharedAdmission.h"
#include "shared/SharedLink.h"

namespace sluice {

namespace {

QByteArray labelValue(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

void family(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
}

} // namespace

QByteArray SharedAdmission::metrics() const
{
    const SharedOptions &options = m_link.options();
    const QByteArray replica = "{replica=\"" + labelValue(options.replica) + "\"}";
    QByteArray out;
    family(out, "sluice_replica_info", "gauge",
           "This replica of a deployment sharing its limits through Redis (sluiced --redis).");
    out += "sluice_replica_info{replica=\"" + labelValue(options.replica) + "\",deployment=\"" +
           labelValue(options.deployment) + "\",redis=\"" + labelValue(options.url.toString()) +
           "\"} 1\n";
    family(out, "sluice_shared_ready", "gauge",
           "1 while Redis answers and every pool is configured there; 0: acquires are refused "
           "(fail_closed).");
    out += "sluice_shared_ready" + replica + (m_link.isReady() ? " 1\n" : " 0\n");
    family(out, "sluice_shared_unavailable_total", "counter",
           "Acquires refused with REDIS_UNAVAILABLE since start.");
    out += "sluice_shared_unavailable_total" + replica + ' ' + QByteArray::number(m_unavailable) +
           '\n';
    family(out, "sluice_shared_unsent_ends", "gauge",
           "Releases and cancels Redis has not heard yet; sent again once it answers.");
    out += "sluice_shared_unsent_ends" + replica + ' ' + QByteArray::number(m_unsent.size()) + '\n';
    family(out, "sluice_shared_requests", "gauge",
           "Leases and tickets of this replica decided in Redis.");
    out += "sluice_shared_requests" + replica + ' ' + QByteArray::number(m_requests.size()) + '\n';
    if (m_roundTripMs >= 0) {
        family(out, "sluice_shared_round_trip_seconds", "gauge",
               "The last sl_tick call's round trip to Redis.");
        out += "sluice_shared_round_trip_seconds" + replica + ' ' +
               QByteArray::number(m_roundTripMs / 1000.0, 'g', 6) + '\n';
    }
    return out;
}

} // namespace sluice
