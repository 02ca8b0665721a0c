#include "pages/ConfigHistoryPanel.h"

#include "models/ColumnFilterProxy.h"
#include "models/ConfigHistoryModel.h"
#include "models/TableCsv.h"
#include "widgets/ThemedIcons.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

ConfigHistoryPanel::ConfigHistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new ConfigHistoryModel(this))
    , m_proxy(new ColumnFilterProxy(this))
    , m_view(new QTableView(this))
    , m_rollback(new QPushButton(u"Roll back to this version…"_s, this))
{
    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ConfigHistoryModel::Version, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);

    auto *exportCsv = new QPushButton(ThemedIcons::icon(u"export"_s), u"Export CSV…"_s, this);
    connect(exportCsv, &QPushButton::clicked, this,
            [this] { TableCsv::exportWithDialog(*m_proxy, this, u"config-history.csv"_s); });
    connect(m_rollback, &QPushButton::clicked, this, [this] {
        if (selectedVersion() > 0)
            emit rollbackRequested(selectedVersion());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConfigHistoryPanel::updateButtons);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_rollback);
    buttons->addStretch();
    buttons->addWidget(exportCsv);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view);
    layout->addLayout(buttons);
    updateButtons();
}

void ConfigHistoryPanel::setHistory(const QList<ConfigVersionRow> &history, qint32 currentVersion)
{
    m_current = currentVersion;
    m_model->setRows(history);
    m_model->setCurrentVersion(currentVersion);
    m_view->resizeColumnsToContents();
    updateButtons();
}

void ConfigHistoryPanel::setRollbackAllowed(bool allowed, const QString &why)
{
    m_allowed = allowed;
    m_why = why;
    updateButtons();
}

void ConfigHistoryPanel::selectVersion(qint32 version)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        if (m_proxy->index(row, ConfigHistoryModel::Version).data(Qt::UserRole).toInt() == version)
            m_view->selectRow(row);
    }
}

qint32 ConfigHistoryPanel::selectedVersion() const
{
    const QModelIndexList rows =
        m_view->selectionModel()->selectedRows(ConfigHistoryModel::Version);
    return rows.isEmpty() ? 0 : rows.first().data(Qt::UserRole).toInt();
}

void ConfigHistoryPanel::updateButtons()
{
    const qint32 version = selectedVersion();
    m_rollback->setEnabled(m_allowed && version > 0 && version != m_current);
    if (!m_allowed)
        m_rollback->setToolTip(m_why);
    else if (version == m_current && version > 0)
        m_rollback->setToolTip(u"This version is in force."_s);
    else
        m_rollback->setToolTip(u"Applies the selected version again, as a new version."_s);
}

} // namespace sluice
