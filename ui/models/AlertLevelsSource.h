#pragma once

#include "models/AlertLevels.h"

#include <QObject>

namespace sluice {

class Backend;

/// Keeps AlertLevels in step with the backend's configuration: asks for the configuration
/// when a snapshot names a configuration version it has not read, and says so when the
/// levels change. Until an answer arrives (or when the key may not read the configuration)
/// the levels are AlertLevels' defaults. Lives on the GUI thread, like the backend.
class AlertLevelsSource : public QObject
{
    Q_OBJECT

public:
    explicit AlertLevelsSource(Backend &backend, QObject *parent = nullptr);

    const AlertLevels &levels() const { return m_levels; }

signals:
    void changed();

private:
    void onSnapshot();

    Backend &m_backend;
    AlertLevels m_levels;
    qint32 m_asked = -1; ///< the configuration version last asked for
};

} // namespace sluice
