#pragma once

#include <QWidget>

class QStackedWidget;

namespace sluice {

class AlertBanner;
class AlertsPage;
class AuditPage;
class Backend;
class Clock;
class LimitsPage;
class OverviewPage;
class QueuesPage;
class StaleStrip;
class StaleVeil;
class UsersPage;

/// Everything shown for one gateway: the alert banner and the stale strip over the six pages
/// written against its Backend (Overview, Queues, Limits, Users, Alerts, Audit). While the
/// gateway's data are stale (StaleStrip, Staleness) every page is drawn faded.
class DashboardView : public QWidget
{
    Q_OBJECT

public:
    enum Page
    {
        Overview,
        Queues,
        Limits,
        Users,
        Alerts,
        Audit,
        PageCount
    };

    DashboardView(Backend &backend, const Clock &clock, QWidget *parent = nullptr);

    void setCurrentPage(int page);
    int currentPage() const;
    /// F5: reads the current page's data again (the Overview follows the stream; Limits
    /// only without unsaved edits), and reconnects at once if the data are stale.
    void refresh();
    /// Ctrl+F: focuses the Queues page's user filter, the Audit page's actor filter, or
    /// else the Users lookup (switching to that page).
    void focusSearch();
    Backend &backend() const { return m_backend; }
    static QString pageTitle(int page);

    AlertBanner *banner() const { return m_banner; }
    StaleStrip *staleStrip() const { return m_stale; }
    /// Whether the pages are drawn faded (stale data).
    bool pagesFaded() const;
    OverviewPage *overview() const { return m_overview; }
    QueuesPage *queues() const { return m_queues; }
    LimitsPage *limits() const { return m_limits; }
    UsersPage *users() const { return m_users; }
    AlertsPage *alerts() const { return m_alerts; }
    AuditPage *audit() const { return m_audit; }

signals:
    /// The banner asked for the Alerts page, or Find for the Users page.
    void pageRequested(int page);

private:
    void updateBanner();

    Backend &m_backend;
    AlertBanner *m_banner;
    StaleStrip *m_stale;
    QStackedWidget *m_stack;
    StaleVeil *m_veil; ///< over m_stack while the data are stale
    OverviewPage *m_overview;
    QueuesPage *m_queues;
    LimitsPage *m_limits;
    UsersPage *m_users;
    AlertsPage *m_alerts;
    AuditPage *m_audit;
};

} // namespace sluice
