#include "util/Redact.h"

namespace sluice {

using namespace Qt::StringLiterals;

QString redactedUrl(const QUrl &url)
{
    if (url.isEmpty())
        return {};
    if (!url.isValid() || url.host().isEmpty())
        return u"(redacted)"_s;
    const QString origin = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath |
                                        QUrl::RemoveQuery | QUrl::RemoveFragment)
                               .toString(QUrl::FullyEncoded);
    return origin + u"/\u2026"_s;
}

} // namespace sluice
