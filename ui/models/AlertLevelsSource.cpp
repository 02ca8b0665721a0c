#include "models/AlertLevelsSource.h"

#include "backend/Backend.h"
#include "widgets/Guarded.h"

namespace sluice {

AlertLevelsSource::AlertLevelsSource(Backend &backend, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
{
    connect(&m_backend, &Backend::snapshotChanged, this, &AlertLevelsSource::onSnapshot);
    onSnapshot();
}

void AlertLevelsSource::onSnapshot()
{
    const qint32 version = m_backend.snapshot().configVersion;
    if (version <= 0 || version == m_asked)
        return;
    m_asked = version;
    m_backend.config(
        guarded<VersionedConfig>(this, [](AlertLevelsSource &source, const auto &result) {
            if (!result.ok())
                return;
            AlertLevels levels(result->config.alertRules);
            if (levels == source.m_levels)
                return;
            source.m_levels = std::move(levels);
            emit source.changed();
        }));
}

} // namespace sluice
