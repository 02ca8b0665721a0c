#pragma once

#include "config/ConfigMerge.h"
#include "protocol/ApiTypes.h"

#include <QObject>

#include <functional>

namespace sluice {

class Backend;

/// An edit brought up to the version in force: what the rebaser found.
struct ConfigRebase
{
    qint32 baseVersion = 0;  ///< the version the edit was made from
    VersionedConfig current; ///< the version in force
    QStringList actors;      ///< who applied the versions after the base, oldest first
    ConfigMerge merge;       ///< the edit put on top of `current`
    QString error;           ///< non-empty: the version in force could not be read

    /// One paragraph for the page: which version came in, by whom, what it changed, what
    /// happened to the edit, and the settings both changed.
    QString summary() const;
};

/// Brings an edited configuration up to the version in force when another admin applied one
/// meanwhile: reads that version and the history (for who applied it) through the Backend, and
/// merges the edit onto it (mergeConfigs). One rebase at a time. Threading: the GUI thread.
class ConfigRebaser : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const ConfigRebase &rebase)>;
    using EditFn = std::function<EngineConfig()>;

    ConfigRebaser(Backend &backend, QObject *parent = nullptr);

    /// Merges the edit made from `base` onto the version in force; `done` once, later. `edit`
    /// is asked for once that version has arrived, so keystrokes made meanwhile are merged too.
    /// False (and no call) while another rebase is under way.
    bool rebase(const VersionedConfig &base, EditFn edit, Done done);
    bool busy() const { return m_busy; }

private:
    Backend &m_backend;
    bool m_busy = false;
};

} // namespace sluice
