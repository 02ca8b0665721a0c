#pragma once

#include "widgets/Confirm.h"

#include <QWidget>

#include <functional>
#include <optional>

class QPushButton;
class QTableView;

namespace sluice {

class GatewayDialog;
class GatewayDirectory;
class GatewayListModel;

/// Connections: the gateways with their state dots; add, edit and remove remote gateways
/// (name, URL, API key, TLS verification). Local, the embedded engine, cannot be edited.
class ConnectionsPage : public QWidget
{
    Q_OBJECT

public:
    /// Runs a dialog; true when accepted. Tests fill the dialog instead of showing it.
    using DialogRunner = std::function<bool(GatewayDialog &)>;

    ConnectionsPage(GatewayDirectory &directory, GatewayListModel &model,
                    QWidget *parent = nullptr);

    void setConfirm(ConfirmFn confirm) { m_confirm = std::move(confirm); }
    void setDialogRunner(DialogRunner runner) { m_runDialog = std::move(runner); }
    void addGateway();
    void editSelected();
    void removeSelected();
    void selectGateway(const QString &id);

    QTableView *view() const { return m_view; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *removeButton() const { return m_remove; }

private:
    QString selectedId() const;
    QString keyStorage() const;
    void updateButtons();

    GatewayDirectory &m_directory;
    GatewayListModel &m_model;
    ConfirmFn m_confirm;
    DialogRunner m_runDialog;
    QTableView *m_view;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_remove;
};

} // namespace sluice
