#include "MockTypes.h"

using namespace Qt::StringLiterals;

namespace sluice::test {

QJsonObject MockStats::toJson() const
{
    return {{u"requests"_s, requests},       {u"served"_s, served},
            {u"completed"_s, completed},     {u"rateLimited"_s, rateLimited},
            {u"overloaded"_s, overloaded},   {u"unauthorized"_s, unauthorized},
            {u"resets"_s, resets},           {u"clientAborts"_s, clientAborts},
            {u"active"_s, active},           {u"maxActive"_s, maxActive},
            {u"busySlotMs"_s, busySlotMs}};
}

MockStats MockStats::fromJson(const QJsonObject &json)
{
    MockStats s;
    s.requests = json.value(u"requests"_s).toInteger();
    s.served = json.value(u"served"_s).toInteger();
    s.completed = json.value(u"completed"_s).toInteger();
    s.rateLimited = json.value(u"rateLimited"_s).toInteger();
    s.overloaded = json.value(u"overloaded"_s).toInteger();
    s.unauthorized = json.value(u"unauthorized"_s).toInteger();
    s.resets = json.value(u"resets"_s).toInteger();
    s.clientAborts = json.value(u"clientAborts"_s).toInteger();
    s.active = json.value(u"active"_s).toInt();
    s.maxActive = json.value(u"maxActive"_s).toInt();
    s.busySlotMs = json.value(u"busySlotMs"_s).toInteger();
    return s;
}

QByteArray MockRequestRecord::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

} // namespace sluice::test
