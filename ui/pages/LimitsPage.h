#pragma once

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
class PoolForm;
class PoolPicker;
class TierForm;

/// Limits (admins): a form per pool and per tier, presets, Apply with the diff and a
/// confirmation, server-side errors next to their fields, and the history with rollback.
/// Other roles see the forms read-only.
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
    void loadHistory();
    void syncDraft();
    void showPool(const QString &name);
    void showTier(const QString &name);
    void apply();
    void onRejected(const BackendError &error);
    void onSnapshot();
    void rollbackTo(qint32 version);
    void updateState();
    void setMessage(const QString &text);

    Backend &m_backend;
    ConfigApplier *m_applier;
    ConfirmFn m_confirm;
    VersionedConfig m_base;
    EngineConfig m_draft;
    bool m_loaded = false;
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
