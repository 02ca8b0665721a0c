#include "protocol/ApiRequest.h"

#include <array>

namespace sluice {

namespace {
constexpr std::array kMethods{
    std::pair{HttpMethod::Get, QLatin1StringView("GET")},
    std::pair{HttpMethod::Head, QLatin1StringView("HEAD")},
    std::pair{HttpMethod::Post, QLatin1StringView("POST")},
    std::pair{HttpMethod::Put, QLatin1StringView("PUT")},
    std::pair{HttpMethod::Patch, QLatin1StringView("PATCH")},
    std::pair{HttpMethod::Delete, QLatin1StringView("DELETE")},
    std::pair{HttpMethod::Options, QLatin1StringView("OPTIONS")},
};
} // namespace

QLatin1StringView methodName(HttpMethod method)
{
    for (const auto &[m, name] : kMethods) {
        if (m == method)
            return name;
    }
    return QLatin1StringView("OTHER");
}

HttpMethod methodFromName(QByteArrayView name)
{
    for (const auto &[m, text] : kMethods) {
        if (name == QByteArrayView(text.data(), text.size()))
            return m;
    }
    return HttpMethod::Other;
}

QByteArray ApiRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

std::optional<QString> ApiRequest::queryItem(QStringView name) const
{
    for (const auto &[key, value] : query) {
        if (key == name)
            return value;
    }
    return std::nullopt;
}

} // namespace sluice
