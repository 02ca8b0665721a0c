#pragma once

#include "protocol/ApiTypes.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace sluice {

class AuditModel;
class Backend;
class ColumnFilterProxy;
class Clock;

/// Audit: who changed what and when, filtered by who, action, target and time span (the
/// backend filters), sortable, exportable to CSV. It reads again by itself when the
/// backend's snapshot says the log grew (audit_seq), keeping the sort, selection and scroll.
class AuditPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kLimit = 500;

    AuditPage(Backend &backend, const Clock &clock, QWidget *parent = nullptr);

    /// Asks the backend again with the current filters.
    void refresh();
    AuditQuery query() const;

    AuditModel *model() const { return m_model; }
    QLineEdit *actorFilter() const { return m_actor; }
    QLineEdit *actionFilter() const { return m_action; }
    QLineEdit *targetFilter() const { return m_target; }
    QComboBox *spanFilter() const { return m_span; }
    QLabel *messageLabel() const { return m_message; }

private:
    Backend &m_backend;
    const Clock &m_clock;
    AuditModel *m_model;
    ColumnFilterProxy *m_proxy;
    QTableView *m_view;
    QLineEdit *m_actor;
    QLineEdit *m_action;
    QLineEdit *m_target;
    QComboBox *m_span;
    QLabel *m_message;
    QTimer *m_debounce;
    quint64 m_readAuditSeq = 0; ///< the snapshot's audit_seq at the last read
};

} // namespace sluice
