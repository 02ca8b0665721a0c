#include "pages/AuditPage.h"

#include "backend/Backend.h"
#include "models/AuditModel.h"
#include "models/ColumnFilterProxy.h"
#include "models/TableCsv.h"
#include "util/Clock.h"
#include "widgets/ColumnWidths.h"
#include "widgets/DisplayText.h"
#include "widgets/Guarded.h"
#include "widgets/RolePolicy.h"
#include "widgets/ThemedIcons.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

AuditPage::AuditPage(Backend &backend, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_clock(clock)
    , m_model(new AuditModel(this))
    , m_proxy(new ColumnFilterProxy(this))
    , m_view(new QTableView(this))
    , m_actor(new QLineEdit(this))
    , m_action(new QLineEdit(this))
    , m_target(new QLineEdit(this))
    , m_span(new QComboBox(this))
    , m_message(new QLabel(this))
    , m_debounce(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AuditModel::When, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    // Widths are set once, from the first entries, then left to the user: new entries
    // arriving live never make the columns jump.
    ColumnWidths::fitOnce(m_view);

    m_actor->setPlaceholderText(u"Who"_s);
    m_action->setPlaceholderText(u"Action, e.g. config.update"_s);
    m_target->setPlaceholderText(u"Target, e.g. a pool or user"_s);
    m_span->addItem(u"Any time"_s, 0);
    m_span->addItem(u"Last hour"_s, 3'600'000);
    m_span->addItem(u"Last 24 hours"_s, 86'400'000);
    m_span->addItem(u"Last 7 days"_s, 7 * 86'400'000LL);
    auto *reload = new QPushButton(u"Refresh"_s, this);
    auto *exportCsv = new QPushButton(ThemedIcons::icon(u"export"_s), u"Export CSV…"_s, this);

    auto *filters = new QHBoxLayout;
    for (QLineEdit *edit : {m_actor, m_action, m_target}) {
        edit->setClearButtonEnabled(true);
        filters->addWidget(edit, 1);
        connect(edit, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    }
    filters->addWidget(m_span);
    filters->addWidget(reload);
    filters->addWidget(exportCsv);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &AuditPage::refresh);
    connect(m_span, &QComboBox::currentIndexChanged, this, &AuditPage::refresh);
    connect(reload, &QPushButton::clicked, this, &AuditPage::refresh);
    connect(exportCsv, &QPushButton::clicked, this,
            [this] { TableCsv::exportWithDialog(*m_proxy, this, u"audit.csv"_s); });
    connect(&m_backend, &Backend::connectionStateChanged, this, &AuditPage::refresh);
    connect(&m_backend, &Backend::snapshotChanged, this, [this] {
        // Live: the gateway recorded something since the last read.
        if (m_backend.snapshot().auditSeq != m_readAuditSeq && !m_debounce->isActive())
            refresh();
    });
    refresh();
}

AuditQuery AuditPage::query() const
{
    AuditQuery query;
    query.actor = m_actor->text().trimmed();
    query.action = m_action->text().trimmed();
    query.target = m_target->text().trimmed();
    const qint64 span = m_span->currentData().toLongLong();
    query.from = span > 0 ? m_clock.now() - span : 0;
    query.limit = kLimit;
    return query;
}

void AuditPage::refresh()
{
    m_debounce->stop();
    m_readAuditSeq = m_backend.snapshot().auditSeq;
    const Role role = m_backend.role();
    if (!RolePolicy::allows(role, Role::Admin)) {
        m_model->setRows({});
        m_message->setText(RolePolicy::deniedReason(Role::Admin, role));
        return;
    }
    m_backend.audit(
        query(), guarded<QList<AuditEntry>>(this, [](AuditPage &page, const auto &r) {
            if (!r.ok()) {
                page.m_message->setText(u"Could not read the audit log: "_s % r.error().message);
                return;
            }
            page.m_model->setRows(*r);
            const qsizetype found = r->size();
            const AuditQuery asked = page.query();
            const bool filtered = !asked.actor.isEmpty() || !asked.action.isEmpty() ||
                                  !asked.target.isEmpty() || asked.from > 0;
            page.m_message->setText(
                found == 0 ? (filtered ? u"No audit entries match these filters"_s
                                       : u"No audit entries yet"_s)
                : found >= kLimit
                    ? QString(u"Showing the newest "_s % display::count(found) %
                              u" entries; narrow the filters to see older."_s)
                    : display::counted(found, u"entry", u"entries"));
        }));
}

} // namespace sluice
