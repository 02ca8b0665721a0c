#include "pages/QueuesPage.h"

#include "pages/TicketChoice.h"

#include "backend/Backend.h"
#include "models/ColumnFilterProxy.h"
#include "models/QueueModel.h"
#include "models/TableCsv.h"
#include "widgets/ColumnWidths.h"
#include "widgets/ComboItems.h"
#include "widgets/DisplayText.h"
#include "widgets/EmptyState.h"
#include "widgets/Guarded.h"
#include "widgets/PoolPicker.h"
#include "widgets/PoolStatusLine.h"
#include "widgets/RolePolicy.h"
#include "widgets/ThemedIcons.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <array>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kPageSize = 1000;
}

QueuesPage::QueuesPage(Backend &backend, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_confirm(messageBoxConfirm())
    , m_model(new QueueModel(this))
    , m_proxy(new ColumnFilterProxy(this))
    , m_view(new QTableView(this))
    , m_pool(new QComboBox(this))
    , m_picker(new PoolPicker(m_pool, backend, this))
    , m_tierFilter(new QComboBox(this))
    , m_userFilter(new QLineEdit(this))
    , m_state(new PoolStatusLine(this))
    , m_status(new QLabel(this))
    , m_pause(new QPushButton(ThemedIcons::icon(u"pause"_s), u"Pause"_s, this))
    , m_resume(new QPushButton(ThemedIcons::icon(u"resume"_s), u"Resume"_s, this))
    , m_drain(new QPushButton(ThemedIcons::icon(u"drain"_s), u"Drain"_s, this))
    , m_purge(new QPushButton(ThemedIcons::icon(u"purge"_s), u"Purge…"_s, this))
    , m_cancelTicket(new QPushButton(ThemedIcons::icon(u"cancel"_s), u"Cancel ticket"_s, this))
    , m_drainBar(new QProgressBar(this))
    , m_cancelDrain(new QPushButton(u"Stop draining"_s, this))
    , m_message(new QLabel(this))
    , m_fetchTimer(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);
    m_choice = new TicketChoice(*m_view, *m_model, *m_proxy, this);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(QueueModel::Position, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    ColumnWidths::fitOnce(m_view); // no columns jumping as "Waited" grows
    EmptyState::install(m_view, u"Queue empty"_s, u"No waiting ticket matches the filters"_s);

    m_pool->setObjectName(u"pool"_s);
    m_tierFilter->addItem(u"All tiers"_s);
    m_userFilter->setPlaceholderText(u"Filter by user"_s);
    m_userFilter->setClearButtonEnabled(true);
    m_drainBar->setFormat(u"Draining: %v of %m finished"_s);
    m_drainBar->hide();
    m_cancelDrain->hide();
    m_message->setWordWrap(true);
    auto *exportCsv = new QPushButton(ThemedIcons::icon(u"export"_s), u"Export CSV…"_s, this);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(u"Pool:"_s, this));
    filters->addWidget(m_pool);
    filters->addWidget(new QLabel(u"Tier:"_s, this));
    filters->addWidget(m_tierFilter);
    filters->addWidget(m_userFilter, 1);
    auto *actions = new QHBoxLayout;
    for (QPushButton *button : {m_pause, m_resume, m_drain, m_purge, m_cancelTicket})
        actions->addWidget(button);
    actions->addStretch();
    actions->addWidget(exportCsv);
    auto *status = new QHBoxLayout;
    status->addWidget(m_state);
    status->addWidget(m_status, 1);
    status->addWidget(m_drainBar, 2);
    status->addWidget(m_cancelDrain);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(status);
    layout->addLayout(actions);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);

    m_fetchTimer->setSingleShot(true);
    m_fetchTimer->setInterval(500);
    connect(m_fetchTimer, &QTimer::timeout, this, &QueuesPage::refresh);
    connect(m_picker, &PoolPicker::poolChanged, this, [this] {
        m_choice->changeRows([this] { m_model->setTickets({}, 0); });
        updateStatus();
        refresh();
    });
    connect(m_tierFilter, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_choice->changeRows([this, index] {
            m_proxy->setColumnFilter(QueueModel::Tier,
                                     index <= 0 ? QString() : m_tierFilter->currentText(),
                                     ColumnFilterProxy::Match::Exact);
        });
    });
    connect(m_userFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_choice->changeRows([this, text] { m_proxy->setColumnFilter(QueueModel::User, text); });
    });
    connect(m_pause, &QPushButton::clicked, this, [this] { run(PoolAction::Pause); });
    connect(m_resume, &QPushButton::clicked, this, [this] { run(PoolAction::Resume); });
    connect(m_cancelDrain, &QPushButton::clicked, this, [this] { run(PoolAction::Resume); });
    connect(m_drain, &QPushButton::clicked, this, [this] { run(PoolAction::Drain); });
    connect(m_purge, &QPushButton::clicked, this, &QueuesPage::purge);
    connect(m_cancelTicket, &QPushButton::clicked, this, &QueuesPage::cancelChosen);
    connect(exportCsv, &QPushButton::clicked, this, [this] {
        TableCsv::exportWithDialog(*m_proxy, this, u"queue-"_s % currentPool() % u".csv"_s);
    });
    connect(m_choice, &TicketChoice::changed, this, &QueuesPage::updateButtons);
    connect(&m_backend, &Backend::snapshotChanged, this, &QueuesPage::onSnapshot);
    connect(&m_backend, &Backend::connectionStateChanged, this, &QueuesPage::onSnapshot);
    onSnapshot();
    refresh();
}

QString QueuesPage::currentPool() const
{
    return m_picker->currentPool();
}

void QueuesPage::selectPool(const QString &pool)
{
    m_picker->selectPool(pool);
}

QPushButton *QueuesPage::button(PoolAction action) const
{
    const std::array buttons{m_pause, m_resume, m_drain, m_purge}; // in PoolAction's order
    return buttons.at(std::size_t(action));
}

PoolStatus QueuesPage::currentStatus() const
{
    const DashboardSnapshot snapshot = m_backend.snapshot();
    for (const PoolStatus &pool : snapshot.pools) {
        if (pool.name == currentPool())
            return pool;
    }
    return {};
}

void QueuesPage::onSnapshot()
{
    QStringList tiers{u"All tiers"_s};
    for (const TierUsageToday &tier : m_backend.snapshot().tiers)
        tiers << tier.tier;
    setComboItems(m_tierFilter, tiers);
    updateStatus();
    if (!m_fetching && !m_fetchTimer->isActive())
        m_fetchTimer->start();
}

void QueuesPage::refresh()
{
    const QString pool = currentPool();
    if (pool.isEmpty() || m_fetching)
        return;
    m_fetching = true;
    m_backend.queue(
        pool, 0, kPageSize,
        guarded<QList<RequestInfo>>(this, [pool](QueuesPage &page, const auto &result) {
            page.m_fetching = false;
            if (pool != page.currentPool()) {
                page.refresh();
                return;
            }
            if (result.ok())
                page.m_choice->changeRows([&page, &result] {
                    page.m_model->setTickets(*result, page.m_backend.snapshot().at);
                });
            else
                page.m_message->setText(u"Could not read the queue: "_s % result.error().message);
            page.updateButtons();
        }));
}

void QueuesPage::updateStatus()
{
    const PoolStatus pool = currentStatus();
    m_state->setVisible(!pool.name.isEmpty());
    m_state->setStatus(pool, m_backend.snapshot().at);
    m_status->setText(pool.name.isEmpty()
                          ? u"No pool"_s
                          : QString(display::count(pool.waiting) % u" waiting · "_s %
                                    QString::number(pool.inUse) % u" of "_s %
                                    display::counted(pool.maxConcurrent, u"slot", u"slots") %
                                    u" in use"_s));
    const bool draining = pool.mode == PoolMode::Draining;
    m_drainBar->setVisible(draining);
    m_cancelDrain->setVisible(draining);
    if (draining) {
        const qint64 total = std::max<qint64>(pool.drainTotal, 1);
        m_drainBar->setRange(0, int(std::min<qint64>(total, INT_MAX)));
        m_drainBar->setValue(int(std::clamp<qint64>(total - pool.drainRemaining, 0, total)));
    }
    updateButtons();
}

void QueuesPage::updateButtons()
{
    const Role role = m_backend.role();
    const PoolStatus pool = currentStatus();
    const bool known = !pool.name.isEmpty();
    RolePolicy::gate(m_pause, Role::Operator, role,
                     u"Stop granting; keep accepting into the queue."_s);
    RolePolicy::gate(m_resume, Role::Operator, role, u"Grant again."_s);
    RolePolicy::gate(m_drain, Role::Operator, role,
                     u"Accept nothing new; let queued and running requests finish."_s);
    RolePolicy::gate(m_purge, Role::Operator, role,
                     u"Fail every waiting ticket; running requests are not affected."_s);
    RolePolicy::gate(m_cancelTicket, Role::Operator, role, u"Cancel the selected ticket."_s);
    RolePolicy::gate(m_cancelDrain, Role::Operator, role, u"Resume the pool."_s);
    if (!RolePolicy::allows(role, Role::Operator))
        return;
    m_pause->setEnabled(known && pool.mode == PoolMode::Running);
    m_resume->setEnabled(known && pool.mode != PoolMode::Running);
    m_drain->setEnabled(known && pool.mode != PoolMode::Draining && pool.mode != PoolMode::Drained);
    m_purge->setEnabled(known && pool.waiting > 0);
    m_cancelTicket->setEnabled(m_choice->chosen() != 0);
}

void QueuesPage::run(PoolAction action)
{
    const QString pool = currentPool();
    m_backend.poolAction(
        pool, action, guarded<qint64>(this, [pool, action](QueuesPage &page, const auto &result) {
            if (!result.ok()) {
                page.m_message->setText(pool % u": "_s % result.error().message);
                return;
            }
            if (action == PoolAction::Purge)
                page.m_message->setText(u"Purged "_s %
                                        display::counted(*result, u"ticket", u"tickets") %
                                        u" from "_s % pool % u'.');
            else
                page.m_message->clear();
            page.refresh();
        }));
}

void QueuesPage::purge()
{
    const PoolStatus pool = currentStatus();
    const QString tickets = pool.waiting == 1
                                ? u"1 waiting ticket"_s
                                : QString(display::count(pool.waiting) % u" waiting tickets"_s);
    const QString question = u"Purge the queue of "_s % pool.name % u"? "_s % tickets %
                             u" will fail with QUEUE_PURGED. Running requests are not affected."_s;
    if (m_confirm(this, u"Purge queue"_s, question))
        run(PoolAction::Purge);
}

void QueuesPage::cancelChosen()
{
    const std::optional<QueueRow> chosen = m_choice->chosenRow();
    if (!chosen)
        return;
    const RequestId id = chosen->ticket.id;
    const QString question = u"Cancel ticket "_s % formatRequestId(id) % u" of user "_s %
                             chosen->ticket.user % u" ("_s % chosen->ticket.tier % u", waited "_s %
                             display::duration(chosen->waitedMs) %
                             u")? Its client is told CANCELLED; the action is audited."_s;
    if (!m_confirm(this, u"Cancel ticket"_s, question))
        return;
    m_backend.cancelTicket(
        id, guarded<Done>(this, [id](QueuesPage &page, const auto &result) {
            page.m_message->setText(
                result.ok() ? QString(u"Cancelled ticket "_s % formatRequestId(id) % u'.')
                            : QString(u"Could not cancel: "_s % result.error().message));
            page.refresh();
        }));
}

} // namespace sluice
