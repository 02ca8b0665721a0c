#pragma once

#include <QString>
#include <QUrl>

namespace sluice {

/// A URL that may carry a secret (a Slack or Teams webhook holds its token in the path or
/// query) as it may be logged or shown to anyone: scheme, host and port only, then "/…",
/// e.g. "https://hooks.slack.com/…". An empty URL stays empty; one that does not parse
/// reads "(redacted)". Reentrant.
QString redactedUrl(const QUrl &url);

} // namespace sluice
