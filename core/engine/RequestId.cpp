#include "engine/RequestId.h"

namespace sluice {

QString formatRequestId(RequestId id)
{
    return QString::number(id, 16);
}

std::optional<RequestId> parseRequestId(QStringView text)
{
    if (text.isEmpty() || text.size() > 16)
        return std::nullopt;
    bool ok = false;
    const RequestId id = text.toULongLong(&ok, 16);
    if (!ok || id == 0)
        return std::nullopt;
    return id;
}

} // namespace sluice
