#pragma once

#include "protocol/ApiTypes.h"
#include "widgets/Confirm.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;

namespace sluice {

class Backend;
class ColumnFilterProxy;
class PoolPicker;
class PoolStatusLine;
class QueueModel;
class TicketChoice;

/// Queues: a pool's waiting tickets (position, user, tier, waited, ETA), filtered by tier
/// and user; pause, resume, drain with progress until empty (cancellable), purge after a
/// confirmation naming how many tickets will fail, and cancel one ticket after a confirmation
/// naming it. The selection follows its ticket, not its row: when the queue moves the ticket
/// keeps its selection, and when it leaves (granted, timed out) nothing is selected, so
/// Cancel never acts on a ticket the operator did not choose. The pool picker says each pool's
/// count and puts the pool in most trouble first; the page opens on that pool until the
/// operator picks one (PoolPicker).
class QueuesPage : public QWidget
{
    Q_OBJECT

public:
    explicit QueuesPage(Backend &backend, QWidget *parent = nullptr);

    /// Asks the backend for the selected pool's queue now.
    void refresh();
    void setConfirm(ConfirmFn confirm) { m_confirm = std::move(confirm); }
    void selectPool(const QString &pool);
    QString currentPool() const;

    QueueModel *model() const { return m_model; }
    ColumnFilterProxy *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QComboBox *tierFilter() const { return m_tierFilter; }
    QLineEdit *userFilter() const { return m_userFilter; }
    QPushButton *button(PoolAction action) const;
    QPushButton *cancelTicketButton() const { return m_cancelTicket; }
    QProgressBar *drainProgress() const { return m_drainBar; }
    QLabel *messageLabel() const { return m_message; }
    PoolStatusLine *statusLine() const { return m_state; }

private:
    void onSnapshot();
    void updateStatus();
    void updateButtons();
    void run(PoolAction action);
    void purge();
    void cancelChosen();
    PoolStatus currentStatus() const;

    Backend &m_backend;
    ConfirmFn m_confirm;
    QueueModel *m_model;
    ColumnFilterProxy *m_proxy;
    QTableView *m_view;
    QComboBox *m_pool;
    PoolPicker *m_picker;
    QComboBox *m_tierFilter;
    QLineEdit *m_userFilter;
    PoolStatusLine *m_state;
    QLabel *m_status;
    QPushButton *m_pause;
    QPushButton *m_resume;
    QPushButton *m_drain;
    QPushButton *m_purge;
    QPushButton *m_cancelTicket;
    QProgressBar *m_drainBar;
    QPushButton *m_cancelDrain;
    QLabel *m_message;
    QTimer *m_fetchTimer;
    bool m_fetching = false;
    TicketChoice *m_choice = nullptr; ///< the ticket Cancel acts on
};

} // namespace sluice
