#pragma once

#include "forms/ConfigConflictDialog.h"
#include "protocol/ApiTypes.h"
#include "widgets/Confirm.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;

namespace sluice {

class Backend;
class ConfigApplier;
class ConfigHistoryPanel;
class ConfigRebaser;
class PoolForm;
class PoolPicker;
class TierForm;

/// Limits (admins): a form per pool and per tier, presets, Apply with the diff and a
/// confirmation, server-side errors next to their fields, and the history with rollback.
/// Other roles see the forms read-only.
///
/// Concurrent edits: a version applied elsewhere shows up in the open form at once; unsaved
/// edits are merged on top of it (ConfigRebaser) and the page says what came in. An Apply that
/// still meets a newer version (CONFIG_CONFLICT) asks whether to merge or reload.
class LimitsPage : public QWidget
{
    Q_OBJECT

public:
    explicit LimitsPage(Backend &backend, QWidget *parent = nullptr);

    /// Reads the configuration and its history again, dropping unsaved edits; `message` is
    /// shown once the configuration has arrived (a backend may answer later).
    void reload(const QString &message = {});
    bool hasUnsavedChanges() const;
    void setConfirm(ConfirmFn confirm) { m_confirm = std::move(confirm); }
    using ConflictFn = std::function<ConflictChoice(QWidget *parent, const ConfigRebase &)>;
    /// Replaces the conflict dialog (tests answer without a modal dialog).
    void setConflictChoice(ConflictFn ask) { m_askConflict = std::move(ask); }
    /// The version the form's edits are made from.
    qint32 baseVersion() const { return m_base.version; }

    ConfigApplier *applier() const { return m_applier; }
    PoolForm *poolForm() const { return m_poolForm; }
    TierForm *tierForm() const { return m_tierForm; }
    QComboBox *poolSelector() const { return m_poolSelector; }
    QComboBox *tierSelector() const { return m_tierSelector; }
    QPushButton *applyButton() const { return m_apply; }
    QLabel *messageLabel() const { return m_message; }
    ConfigHistoryPanel *historyPanel() const { return m_history; }
    QTabWidget *tabs() const { return m_tabs; }

private:
    void load(const VersionedConfig &config);
    void showDraft();
    void followNewVersion(qint32 version);
    void takeRebase(const ConfigRebase &rebase, const QString &message);
    void onConflict();
    void resolveConflict(const ConfigRebase &rebase);
    void loadHistory();
    void syncDraft();
    void showPool(const QString &name);
    void showTier(const QString &name);
    void apply();
    void onRejected(const Error &error);
    void onSnapshot();
    void rollbackTo(qint32 version);
    void updateState();
    void setMessage(const QString &text);

    Backend &m_backend;
    ConfigApplier *m_applier;
    ConfigRebaser *m_rebaser;
    ConfirmFn m_confirm;
    ConflictFn m_askConflict;
    qint32 m_followedVersion = 0; ///< the newest version this page has merged or been asked about
    VersionedConfig m_base;
    EngineConfig m_draft;
    bool m_loaded = false;
    int m_reloads = 0; ///< configuration reads under way (reload())
    QString m_shownPool;
    QString m_shownTier;
    QTabWidget *m_tabs;
    QComboBox *m_poolSelector;
    PoolPicker *m_poolPicker;
    QComboBox *m_tierSelector;
    PoolForm *m_poolForm;
    TierForm *m_tierForm;
    ConfigHistoryPanel *m_history;
    QLabel *m_message;
    QPushButton *m_revert;
    QPushButton *m_apply;
};

} // namespace sluice
