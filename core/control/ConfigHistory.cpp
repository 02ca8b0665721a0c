#include "control/ConfigHistory.h"

#include "config/ConfigJson.h"
#include "util/Error.h"
#include "util/Logging.h"

#include <QJsonDocument>

#include <algorithm>

namespace sluice {

ConfigHistory::ConfigHistory(QList<ConfigVersionRow> rows)
    : m_rows(rows.begin(), rows.end())
{
    std::sort(m_rows.begin(), m_rows.end(),
              [](const ConfigVersionRow &a, const ConfigVersionRow &b) { return a.version < b.version; });
}

qint32 ConfigHistory::latestVersion() const
{
    return m_rows.empty() ? 0 : m_rows.back().version;
}

QList<ConfigVersionRow> ConfigHistory::list() const
{
    QList<ConfigVersionRow> rows;
    rows.reserve(qsizetype(m_rows.size()));
    for (auto it = m_rows.rbegin(); it != m_rows.rend(); ++it)
        rows.append({it->version, it->at, it->actor, it->note, {}});
    return rows;
}

std::optional<ConfigVersionRow> ConfigHistory::find(qint32 version) const
{
    const auto it = std::lower_bound(
        m_rows.begin(), m_rows.end(), version,
        [](const ConfigVersionRow &row, qint32 wanted) { return row.version < wanted; });
    if (it == m_rows.end() || it->version != version)
        return std::nullopt;
    return *it;
}

std::optional<EngineConfig> ConfigHistory::configAt(qint32 version) const
{
    const std::optional<ConfigVersionRow> row = find(version);
    if (!row)
        return std::nullopt;
    Result<EngineConfig> parsed = configFromJson(QJsonDocument::fromJson(row->json).object());
    if (!parsed.ok()) {
        qCWarning(lcConfig) << "stored configuration version" << version
                            << "does not parse:" << parsed.error().message;
        return std::nullopt;
    }
    return std::move(*parsed);
}

void ConfigHistory::add(ConfigVersionRow row)
{
    Q_ASSERT(row.version > latestVersion());
    m_rows.push_back(std::move(row));
}

} // namespace sluice
