#include "pages/AlertsPage.h"

#include "backend/Backend.h"
#include "forms/AlertRuleEditor.h"
#include "forms/ConfigApplier.h"
#include "models/AlertModel.h"
#include "models/ColumnFilterProxy.h"
#include "models/TableCsv.h"
#include "widgets/ColumnWidths.h"
#include "widgets/EmptyState.h"
#include "widgets/Guarded.h"
#include "widgets/RolePolicy.h"
#include "widgets/ThemedIcons.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
QTableView *alertTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSortingEnabled(true);
    view->sortByColumn(AlertModel::Fired, Qt::DescendingOrder);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    ColumnWidths::fitOnce(view); // sized for the first alerts, not at every refresh
    return view;
}
} // namespace

AlertsPage::AlertsPage(Backend &backend, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_applier(new ConfigApplier(backend, this))
    , m_active(new AlertModel(this))
    , m_history(new AlertModel(this))
    , m_activeProxy(new ColumnFilterProxy(this))
    , m_historyProxy(new ColumnFilterProxy(this))
    , m_tabs(new QTabWidget(this))
    , m_ack(new QPushButton(u"Acknowledge"_s, this))
    , m_test(new QPushButton(ThemedIcons::icon(u"alerts"_s), u"Send test alert"_s, this))
    , m_editor(new AlertRuleEditor(this))
    , m_applyRules(new QPushButton(u"Apply rules…"_s, this))
    , m_message(new QLabel(this))
{
    m_activeProxy->setSourceModel(m_active);
    m_historyProxy->setSourceModel(m_history);
    m_activeView = alertTable(m_activeProxy, this);
    QTableView *historyView = alertTable(m_historyProxy, this);
    EmptyState::install(m_activeView, u"No alerts firing"_s);
    EmptyState::install(historyView, u"No alerts yet"_s);

    auto *activeTab = new QWidget(this);
    auto *activeButtons = new QHBoxLayout;
    activeButtons->addWidget(m_ack);
    activeButtons->addStretch();
    activeButtons->addWidget(m_test);
    auto *activeLayout = new QVBoxLayout(activeTab);
    activeLayout->addWidget(m_activeView);
    activeLayout->addLayout(activeButtons);

    auto *historyTab = new QWidget(this);
    auto *exportCsv = new QPushButton(ThemedIcons::icon(u"export"_s), u"Export CSV…"_s, this);
    auto *historyButtons = new QHBoxLayout;
    historyButtons->addStretch();
    historyButtons->addWidget(exportCsv);
    auto *historyLayout = new QVBoxLayout(historyTab);
    historyLayout->addWidget(historyView);
    historyLayout->addLayout(historyButtons);

    auto *rulesTab = new QWidget(this);
    auto *rulesButtons = new QHBoxLayout;
    rulesButtons->addStretch();
    rulesButtons->addWidget(m_applyRules);
    auto *rulesLayout = new QVBoxLayout(rulesTab);
    rulesLayout->addWidget(m_editor, 1);
    rulesLayout->addLayout(rulesButtons);

    m_tabs->addTab(activeTab, u"Active"_s);
    m_tabs->addTab(historyTab, u"History"_s);
    m_tabs->addTab(rulesTab, u"Rules && webhook"_s);
    m_message->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_message);

    connect(m_ack, &QPushButton::clicked, this, &AlertsPage::acknowledgeSelected);
    connect(m_test, &QPushButton::clicked, this, [this] {
        m_backend.sendTestAlert(guarded<Done>(this, [](AlertsPage &page, const auto &r) {
            page.m_message->setText(r.ok() ? u"Test alert sent to every sink."_s
                                           : QString(u"Test alert failed: "_s % r.error().message));
            page.refresh();
        }));
    });
    connect(exportCsv, &QPushButton::clicked, this,
            [this] { TableCsv::exportWithDialog(*m_historyProxy, this, u"alerts.csv"_s); });
    connect(m_applyRules, &QPushButton::clicked, this, &AlertsPage::applyRules);
    connect(m_editor, &AlertRuleEditor::problemsChanged, this, &AlertsPage::updateButtons);
    connect(m_applier, &ConfigApplier::applied, this, [this](qint32 version) {
        m_message->setText(u"Alert rules applied as configuration version "_s %
                           QString::number(version) % u'.');
        loadConfig();
    });
    connect(m_applier, &ConfigApplier::rejected, this, [this](const Error &error) {
        m_editor->showErrors(error.fields);
        m_message->setText(u"Not applied: "_s %
                           (error.fields.isEmpty() ? error.message : describeErrors(error.fields)));
    });
    connect(m_applier, &ConfigApplier::unchanged, this,
            [this] { m_message->setText(u"Nothing to apply: the rules are unchanged."_s); });
    connect(m_activeView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertsPage::updateButtons);
    connect(&m_backend, &Backend::snapshotChanged, this, &AlertsPage::onSnapshot);
    connect(&m_backend, &Backend::alertFired, this, &AlertsPage::refresh);
    connect(&m_backend, &Backend::connectionStateChanged, this, &AlertsPage::updateButtons);
    refresh();
}

void AlertsPage::refresh()
{
    m_backend.alerts(guarded<AlertLists>(this, [](AlertsPage &page, const auto &r) {
        if (!r.ok()) {
            page.m_message->setText(u"Could not read alerts: "_s % r.error().message);
            return;
        }
        page.m_active->setRows(r->active);
        page.m_history->setRows(r->history);
        page.updateButtons();
    }));
    loadConfig();
}

void AlertsPage::loadConfig()
{
    m_backend.config(guarded<VersionedConfig>(this, [](AlertsPage &page, const auto &r) {
        if (r.ok() && r->version != page.m_config.version) {
            page.m_config = *r;
            page.m_editor->setConfig(r->config);
        }
    }));
}

void AlertsPage::onSnapshot()
{
    QList<qint64> ids;
    for (const AlertRecord &alert : m_backend.snapshot().activeAlerts)
        ids << alert.id << alert.ackedAt;
    if (ids != m_shownActive) {
        m_shownActive = ids;
        refresh();
    }
}

void AlertsPage::acknowledgeSelected()
{
    const QModelIndexList rows = m_activeView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const qint64 id = m_active->rowAt(m_activeProxy->mapToSource(rows.first()).row()).id;
    m_backend.acknowledgeAlert(id, guarded<Done>(this, [](AlertsPage &page, const auto &r) {
                                   if (!r.ok())
                                       page.m_message->setText(u"Could not acknowledge: "_s %
                                                               r.error().message);
                                   page.refresh();
                               }));
}

void AlertsPage::applyRules()
{
    m_applier->apply(m_config, m_editor->config());
}

void AlertsPage::updateButtons()
{
    const Role role = m_backend.role();
    RolePolicy::gate(m_test, Role::Operator, role, u"Sends a test alert to every sink."_s);
    RolePolicy::gate(m_ack, Role::Operator, role, u"Acknowledges the selected alert."_s);
    if (RolePolicy::allows(role, Role::Operator))
        m_ack->setEnabled(m_activeView->selectionModel()->hasSelection());
    const bool admin = RolePolicy::allows(role, Role::Admin);
    const QString why = RolePolicy::deniedReason(Role::Admin, role);
    m_editor->setReadOnly(!admin, why);
    const QStringList problems = m_editor->problems();
    RolePolicy::gate(m_applyRules, Role::Admin, role,
                     problems.isEmpty() ? u"Shows the changes and asks before applying them."_s
                                        : u"Cannot apply: "_s % problems.join(u"; "_s));
    if (admin && !problems.isEmpty())
        m_applyRules->setEnabled(false);
}

} // namespace sluice
