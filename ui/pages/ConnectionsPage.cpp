#include "pages/ConnectionsPage.h"

#include "connections/GatewayDialog.h"
#include "connections/GatewayDirectory.h"
#include "models/GatewayListModel.h"
#include "widgets/ColumnWidths.h"
#include "widgets/ThemedIcons.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

ConnectionsPage::ConnectionsPage(GatewayDirectory &directory, GatewayListModel &model,
                                 QWidget *parent)
    : QWidget(parent)
    , m_directory(directory)
    , m_model(model)
    , m_confirm(messageBoxConfirm())
    , m_runDialog([](GatewayDialog &dialog) { return dialog.exec() == QDialog::Accepted; })
    , m_view(new QTableView(this))
    , m_add(new QPushButton(ThemedIcons::icon(u"add"_s), u"Add gateway…"_s, this))
    , m_edit(new QPushButton(ThemedIcons::icon(u"edit"_s), u"Edit…"_s, this))
    , m_remove(new QPushButton(ThemedIcons::icon(u"remove"_s), u"Remove…"_s, this))
{
    m_view->setModel(&m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    ColumnWidths::fitOnce(m_view); // a state going from "connected" to "reconnecting" keeps them
    m_view->setIconSize(QSize(14, 14));

    auto *intro = new QLabel(u"Local is the engine inside this application. Add a remote "
                             u"gateway (sluiced) to watch and run it from here; its API key's "
                             u"role decides what you may do there."_s,
                             this);
    intro->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);

    connect(m_add, &QPushButton::clicked, this, &ConnectionsPage::addGateway);
    connect(m_edit, &QPushButton::clicked, this, &ConnectionsPage::editSelected);
    connect(m_remove, &QPushButton::clicked, this, &ConnectionsPage::removeSelected);
    connect(m_view, &QTableView::doubleClicked, this, &ConnectionsPage::editSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConnectionsPage::updateButtons);
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &ConnectionsPage::updateButtons);
    updateButtons();
}

QString ConnectionsPage::keyStorage() const
{
    return m_directory.secrets().usingFallback()
               ? u"a file only you can read ("_s % m_directory.secrets().fallbackPath() %
                     u"), because no system keychain answered"_s
               : u"the system keychain"_s;
}

void ConnectionsPage::addGateway()
{
    GatewayDialog dialog(std::nullopt, keyStorage(), this);
    if (m_runDialog(dialog) && dialog.problem().isEmpty())
        selectGateway(m_directory.add(dialog.entry(), dialog.apiKey().value_or(QString())));
}

void ConnectionsPage::editSelected()
{
    const std::optional<GatewayEntry> entry = m_directory.gateway(selectedId());
    if (!entry || entry->isLocal())
        return;
    GatewayDialog dialog(entry, keyStorage(), this);
    if (m_runDialog(dialog) && dialog.problem().isEmpty())
        m_directory.update(dialog.entry(), dialog.apiKey());
}

void ConnectionsPage::removeSelected()
{
    const std::optional<GatewayEntry> entry = m_directory.gateway(selectedId());
    if (!entry || entry->isLocal())
        return;
    if (m_confirm(this, u"Remove gateway"_s,
                  u"Remove "_s % entry->name % u" ("_s % entry->url %
                      u") and forget its API key?"_s))
        m_directory.remove(entry->id);
}

void ConnectionsPage::selectGateway(const QString &id)
{
    const int row = m_model.rowOf(id);
    if (row >= 0)
        m_view->selectRow(row);
}

QString ConnectionsPage::selectedId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(GatewayListModel::IdRole).toString();
}

void ConnectionsPage::updateButtons()
{
    const QString id = selectedId();
    const bool remote = !id.isEmpty() && id != GatewayEntry::kLocalId;
    const QString why = id.isEmpty() ? u"Select a gateway first."_s
                                     : u"Local is the embedded engine; it has nothing to edit."_s;
    m_edit->setEnabled(remote);
    m_remove->setEnabled(remote);
    m_edit->setToolTip(remote ? u"Change name, URL, key or TLS verification."_s : why);
    m_remove->setToolTip(remote ? u"Remove the gateway and forget its key."_s : why);
}

} // namespace sluice
