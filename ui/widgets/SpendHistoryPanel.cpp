#include "widgets/SpendHistoryPanel.h"

#include "backend/Backend.h"
#include "widgets/DisplayText.h"
#include "widgets/Guarded.h"

#include <QDate>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace sluice {

using namespace Qt::StringLiterals;

SpendHistoryPanel::SpendHistoryPanel(Backend &backend, QWidget *parent)
    : QGroupBox(u"Spend per day (last %1 days, UTC)"_s.arg(kDays), parent)
    , m_backend(backend)
    , m_table(new QTableWidget(0, 6, this))
    , m_message(new QLabel(this))
    , m_timer(new QTimer(this))
{
    m_table->setHorizontalHeaderLabels(
        {u"Date"_s, u"Pool"_s, u"Tier"_s, u"Requests"_s, u"Cost"_s, u"Credits"_s});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_message->setAlignment(Qt::AlignCenter);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_table);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &SpendHistoryPanel::refresh);
    connect(&backend, &Backend::connectionStateChanged, this, &SpendHistoryPanel::refresh);
    m_message->setText(u"Reading spend…"_s);
    m_table->hide();
}

void SpendHistoryPanel::refresh()
{
    m_backend.spendHistory(
        kDays, guarded<QList<SpendDay>>(this, [](SpendHistoryPanel &panel, const auto &result) {
            if (result.ok()) {
                panel.show(*result);
                return;
            }
            panel.m_table->hide();
            panel.m_message->show();
            panel.m_message->setText(u"Could not read spend: "_s % result.error().message);
        }));
}

void SpendHistoryPanel::show(const QList<SpendDay> &days)
{
    QList<SpendDay> newestFirst = days;
    std::stable_sort(newestFirst.begin(), newestFirst.end(),
                     [](const SpendDay &a, const SpendDay &b) { return a.day > b.day; });
    m_table->setRowCount(int(newestFirst.size()));
    for (int row = 0; row < newestFirst.size(); ++row) {
        const SpendDay &day = newestFirst.at(row);
        const QStringList cells{QDate(1970, 1, 1).addDays(day.day).toString(Qt::ISODate),
                                day.pool,
                                day.tier,
                                display::count(day.requests),
                                display::usd(day.costNanoUsd),
                                display::count(day.credits)};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            if (column >= 3)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
    }
    m_table->setVisible(!newestFirst.isEmpty());
    m_message->setVisible(newestFirst.isEmpty());
    m_message->setText(u"No spend recorded in the last %1 days"_s.arg(kDays));
}

void SpendHistoryPanel::showEvent(QShowEvent *event)
{
    QGroupBox::showEvent(event);
    refresh();
    m_timer->start();
}

void SpendHistoryPanel::hideEvent(QHideEvent *event)
{
    QGroupBox::hideEvent(event);
    m_timer->stop();
}

} // namespace sluice
