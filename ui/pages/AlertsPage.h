#pragma once

#include "protocol/ApiTypes.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace sluice {

class AlertModel;
class AlertRuleEditor;
class Backend;
class ColumnFilterProxy;
class ConfigApplier;

/// Alerts: the active ones with acknowledge, the history, the rule editor (threshold,
/// clear level, pending time) and webhook URL applied as configuration, and a test alert.
class AlertsPage : public QWidget
{
    Q_OBJECT

public:
    explicit AlertsPage(Backend &backend, QWidget *parent = nullptr);

    /// Asks the backend for the alert lists and the configuration again.
    void refresh();

    AlertModel *activeModel() const { return m_active; }
    AlertModel *historyModel() const { return m_history; }
    QTableView *activeView() const { return m_activeView; }
    QPushButton *acknowledgeButton() const { return m_ack; }
    QPushButton *testButton() const { return m_test; }
    QPushButton *applyRulesButton() const { return m_applyRules; }
    AlertRuleEditor *ruleEditor() const { return m_editor; }
    ConfigApplier *applier() const { return m_applier; }
    QLabel *messageLabel() const { return m_message; }
    QTabWidget *tabs() const { return m_tabs; }

private:
    void onSnapshot();
    void loadConfig();
    void acknowledgeSelected();
    void applyRules();
    void updateButtons();

    Backend &m_backend;
    ConfigApplier *m_applier;
    AlertModel *m_active;
    AlertModel *m_history;
    ColumnFilterProxy *m_activeProxy;
    ColumnFilterProxy *m_historyProxy;
    QTabWidget *m_tabs;
    QTableView *m_activeView;
    QPushButton *m_ack;
    QPushButton *m_test;
    AlertRuleEditor *m_editor;
    QPushButton *m_applyRules;
    QLabel *m_message;
    VersionedConfig m_config;
    QList<qint64> m_shownActive;
};

} // namespace sluice
