#include "main/DashboardView.h"

#include "backend/Backend.h"
#include "pages/AlertsPage.h"
#include "pages/AuditPage.h"
#include "pages/LimitsPage.h"
#include "pages/OverviewPage.h"
#include "pages/QueuesPage.h"
#include "pages/UsersPage.h"
#include "widgets/AlertBanner.h"
#include "widgets/StaleStrip.h"
#include "widgets/StaleVeil.h"

#include <QLineEdit>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

DashboardView::DashboardView(Backend &backend, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_banner(new AlertBanner(this))
    , m_stale(new StaleStrip(backend, this))
    , m_stack(new QStackedWidget(this))
    , m_overview(new OverviewPage(backend, this))
    , m_queues(new QueuesPage(backend, this))
    , m_limits(new LimitsPage(backend, this))
    , m_users(new UsersPage(backend, clock, this))
    , m_alerts(new AlertsPage(backend, this))
    , m_audit(new AuditPage(backend, clock, this))
{
    m_veil = new StaleVeil(m_stack);
    for (QWidget *page : std::initializer_list<QWidget *>{m_overview, m_queues, m_limits, m_users,
                                                          m_alerts, m_audit})
        m_stack->addWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_stale);
    layout->addWidget(m_stack, 1);

    connect(m_banner, &AlertBanner::showAlertsRequested, this, [this] {
        setCurrentPage(Alerts);
        emit pageRequested(Alerts);
    });
    m_veil->setVisible(m_stale->isStale());
    connect(m_stale, &StaleStrip::staleChanged, m_veil, &StaleVeil::setVisible);
    connect(&m_backend, &Backend::snapshotChanged, this, &DashboardView::updateBanner);
    connect(&m_backend, &Backend::alertFired, this, &DashboardView::updateBanner);
    updateBanner();
}

void DashboardView::setCurrentPage(int page)
{
    m_stack->setCurrentIndex(std::clamp(page, 0, PageCount - 1));
}

int DashboardView::currentPage() const
{
    return m_stack->currentIndex();
}

void DashboardView::refresh()
{
    if (m_stale->isStale())
        m_backend.retryNow();
    switch (currentPage()) {
    case Queues:
        m_queues->refresh();
        break;
    case Limits:
        if (!m_limits->hasUnsavedChanges())
            m_limits->reload();
        break;
    case Users:
        m_users->refresh();
        break;
    case Alerts:
        m_alerts->refresh();
        break;
    case Audit:
        m_audit->refresh();
        break;
    default:
        break;
    }
}

void DashboardView::focusSearch()
{
    QLineEdit *box = nullptr;
    if (currentPage() == Queues) {
        box = m_queues->userFilter();
    } else if (currentPage() == Audit) {
        box = m_audit->actorFilter();
    } else {
        setCurrentPage(Users);
        emit pageRequested(Users);
        box = m_users->searchBox();
    }
    box->setFocus(Qt::ShortcutFocusReason);
    box->selectAll();
}

bool DashboardView::pagesFaded() const
{
    return !m_veil->isHidden();
}

QString DashboardView::pageTitle(int page)
{
    static const QStringList titles{u"Overview"_s, u"Queues"_s, u"Limits"_s,
                                    u"Users"_s,    u"Alerts"_s, u"Audit"_s};
    return page >= 0 && page < titles.size() ? titles.at(page) : QString();
}

void DashboardView::updateBanner()
{
    m_banner->setAlerts(m_backend.snapshot().activeAlerts);
}

} // namespace sluice
