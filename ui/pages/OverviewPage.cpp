#include "pages/OverviewPage.h"

#include "backend/Backend.h"
#include "charts/BarChartPanel.h"
#include "charts/LiveChartPanel.h"
#include "models/AlertLevelsSource.h"
#include "models/PoolTrouble.h"
#include "widgets/PoolGauges.h"
#include "widgets/SpendHistoryPanel.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

OverviewPage::OverviewPage(Backend &backend, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_levels(new AlertLevelsSource(backend, this))
    , m_gauges(new PoolGauges(this))
    , m_tierRequests(new BarChartPanel(u"Requests today by tier"_s, u"requests"_s, 0, this))
    , m_tierCost(new BarChartPanel(u"Cost today by tier"_s, u"USD"_s, 2, this))
    , m_spendHistory(new SpendHistoryPanel(backend, this))
    , m_range(new QButtonGroup(this))
    , m_timer(new QTimer(this))
{
    m_live = {new LiveChartPanel(u"Slots in use"_s, u"requests"_s, this),
              new LiveChartPanel(u"Requests in the last minute"_s, u"requests"_s, this),
              new LiveChartPanel(u"Waiting tickets"_s, u"tickets"_s, this)};

    auto *rangeRow = new QHBoxLayout;
    rangeRow->addWidget(new QLabel(u"Live charts:"_s, this));
    for (int minutes : {5, 15, 60}) {
        auto *button = new QToolButton(this);
        button->setText(QString::number(minutes) % u" min"_s);
        button->setCheckable(true);
        button->setToolTip(u"Show the last "_s % QString::number(minutes) % u" minutes"_s);
        m_range->addButton(button, minutes);
        rangeRow->addWidget(button);
    }
    rangeRow->addStretch();
    m_range->button(5)->setChecked(true);
    connect(m_range, &QButtonGroup::idClicked, this, &OverviewPage::setRangeMinutes);

    auto *gaugeBox = new QGroupBox(u"In use now"_s, this);
    auto *gaugeLayout = new QVBoxLayout(gaugeBox);
    gaugeLayout->addWidget(m_gauges);

    auto *charts = new QGridLayout;
    for (int i = 0; i < m_live.size(); ++i)
        charts->addWidget(m_live.at(i), 0, i * 2, 1, 2);
    charts->addWidget(m_tierRequests, 1, 0, 1, 3);
    charts->addWidget(m_tierCost, 1, 3, 1, 3);
    charts->setRowMinimumHeight(0, 230);
    charts->setRowMinimumHeight(1, 200);
    m_spendHistory->setMaximumHeight(180);
    charts->addWidget(m_spendHistory, 2, 0, 1, 6);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(gaugeBox);
    layout->addLayout(rangeRow);
    layout->addLayout(charts, 1);

    m_timer->setInterval(kTickMs);
    connect(m_timer, &QTimer::timeout, this, &OverviewPage::tick);
    m_timer->start();
    connect(&m_backend, &Backend::snapshotChanged, this, &OverviewPage::onSnapshot);
    connect(m_levels, &AlertLevelsSource::changed, this, &OverviewPage::onSnapshot);
    onSnapshot();
}

void OverviewPage::setRangeMinutes(int minutes)
{
    if (minutes != 5 && minutes != 15 && minutes != 60)
        minutes = 5;
    if (QAbstractButton *button = m_range->button(minutes))
        button->setChecked(true);
    if (minutes == rangeMinutes())
        return;
    for (LiveChartPanel *chart : std::as_const(m_live))
        chart->setRangeMinutes(minutes);
    if (m_lastSample > 0) {
        for (LiveChartPanel *chart : std::as_const(m_live))
            chart->refresh(m_lastSample);
    }
    emit rangeChanged(minutes);
}

int OverviewPage::rangeMinutes() const
{
    return m_live.first()->rangeMinutes();
}

void OverviewPage::tick()
{
    const DashboardSnapshot snapshot = m_backend.snapshot();
    if (snapshot.at <= m_lastSample || snapshot.at == 0)
        return;
    m_lastSample = snapshot.at;
    QStringList names;
    QList<double> inUse, rpm, waiting;
    for (const PoolStatus &pool : snapshot.pools) {
        names << pool.name;
        inUse << pool.inUse;
        rpm << double(pool.windowRequests);
        waiting << double(pool.waiting);
    }
    const QList<QList<double>> values{inUse, rpm, waiting};
    for (qsizetype i = 0; i < m_live.size(); ++i) {
        m_live.at(i)->setSeriesNames(names);
        m_live.at(i)->append(snapshot.at, values.at(i));
        m_live.at(i)->refresh(snapshot.at);
    }
}

void OverviewPage::onSnapshot()
{
    const DashboardSnapshot snapshot = m_backend.snapshot();
    m_gauges->setPools(PoolTrouble::worstFirst(snapshot.pools, m_levels->levels(), snapshot.at,
                                               /*byWaiting=*/false),
                       m_levels->levels(), snapshot.at);
    QStringList tiers;
    QList<double> requests, cost;
    for (const TierUsageToday &tier : snapshot.tiers) {
        tiers << tier.tier;
        requests << double(tier.requests);
        cost << double(tier.costNanoUsd) / 1e9;
    }
    m_tierRequests->setValues(tiers, requests);
    m_tierCost->setValues(tiers, cost);
}

} // namespace sluice
