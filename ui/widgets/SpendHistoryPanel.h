#pragma once

#include "protocol/ApiTypes.h"

#include <QGroupBox>

class QLabel;
class QTableWidget;
class QTimer;

namespace sluice {

class Backend;

/// Spend per day, pool and tier over the last kDays quota days (Backend::spendHistory),
/// newest first: date, pool, tier, requests, cost ("$4.32") and credits. Read when shown
/// and then every kRefreshMs while visible; an empty state says so.
class SpendHistoryPanel : public QGroupBox
{
    Q_OBJECT

public:
    static constexpr int kDays = 30;
    static constexpr int kRefreshMs = 60'000;

    explicit SpendHistoryPanel(Backend &backend, QWidget *parent = nullptr);

    /// Asks the backend again.
    void refresh();
    QTableWidget *table() const { return m_table; }
    /// The empty state or the error, when the table has no rows to show.
    QLabel *message() const { return m_message; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void show(const QList<SpendDay> &days);

    Backend &m_backend;
    QTableWidget *m_table;
    QLabel *m_message;
    QTimer *m_timer;
};

} // namespace sluice
