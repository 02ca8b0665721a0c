#include "pages/OverviewPage.h"

#include "backend/Backend.h"
#include "charts/BarChartPanel.h"
#include "charts/LiveChartPanel.h"
#include "charts/PoolMeasure.h"
#include "models/AlertLevelsSource.h"
#include "models/PoolTrouble.h"
#include "widgets/PoolGauges.h"
#include "widgets/ReplicasPanel.h"
#include "widgets/SpendHistoryPanel.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QPointer>
#include <QScrollArea>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <limits>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcOverview, "sluice.overview")
} // namespace

OverviewPage::OverviewPage(Backend &backend, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_levels(new AlertLevelsSource(backend, this))
    , m_gauges(new PoolGauges(this))
    , m_tierRequests(new BarChartPanel(u"Requests today by tier"_s, u"requests"_s, 0, this))
    , m_tierCost(new BarChartPanel(u"Cost today by tier"_s, u"USD"_s, 2, this))
    , m_spendHistory(new SpendHistoryPanel(backend, this))
    , m_replicas(new ReplicasPanel(backend, this))
    , m_range(new QButtonGroup(this))
    , m_timer(new QTimer(this))
{
    for (int kind = 0; kind < PoolMeasure::kCount; ++kind) {
        const auto measure = PoolMeasure::Kind(kind);
        auto *chart = new LiveChartPanel(PoolMeasure::title(measure), PoolMeasure::unit(measure),
                                         this);
        // A queue limit (e.g. 1,000) would flatten a queue of 20: its lines show as it nears.
        chart->setFitReferenceLines(measure != PoolMeasure::Waiting);
        m_live.append(chart);
    }

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
    rangeRow->addWidget(new QLabel(u"dashed: limit · dotted: alert warning level"_s, this));
    rangeRow->addStretch();
    m_range->button(5)->setChecked(true);
    connect(m_range, &QButtonGroup::idClicked, this, &OverviewPage::setRangeMinutes);

    auto *gaugeBox = new QGroupBox(u"In use now"_s, this);
    auto *gaugeLayout = new QVBoxLayout(gaugeBox);
    gaugeLayout->addWidget(m_gauges);

    // Three columns: slots, requests, tokens; then waiting and today's bars.
    auto *charts = new QGridLayout;
    const QList<ChartPanel *> panels{m_live.at(0), m_live.at(1), m_live.at(2),
                                     m_live.at(3), m_tierRequests, m_tierCost};
    for (int i = 0; i < panels.size(); ++i)
        charts->addWidget(panels.at(i), i / 3, i % 3);
    for (int row = 0; row < 2; ++row) {
        charts->setRowMinimumHeight(row, 200);
        charts->setRowStretch(row, 1);
    }
    m_spendHistory->setMaximumHeight(180);
    charts->addWidget(m_spendHistory, 2, 0, 1, 3);

    // The page scrolls rather than forcing the window taller than a small screen (1024x700).
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_replicas); // shown only when the gateway shares its limits
    layout->addWidget(gaugeBox);
    layout->addLayout(rangeRow);
    layout->addLayout(charts, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *pageLayout = new QVBoxLayout(this);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(scroll);

    m_timer->setInterval(kTickMs);
    connect(m_timer, &QTimer::timeout, this, &OverviewPage::tick);
    m_timer->start();
    connect(&m_backend, &Backend::snapshotChanged, this, &OverviewPage::onSnapshot);
    connect(&m_backend, &Backend::connectionStateChanged, this, &OverviewPage::onConnectionState);
    connect(m_levels, &AlertLevelsSource::changed, this, [this] {
        onSnapshot();
        follow(m_backend.snapshot()); // the warning lines move with the rules
    });
    onSnapshot();
    follow(m_backend.snapshot());
    m_replicas->refresh();
    onConnectionState(m_backend.connectionState());
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
    follow(snapshot);
    QList<double> values;
    for (int kind = 0; kind < PoolMeasure::kCount; ++kind) {
        values.clear();
        for (const PoolStatus &pool : snapshot.pools)
            values << PoolMeasure::value(pool, PoolMeasure::Kind(kind));
        m_live.at(kind)->append(snapshot.at, values);
        m_live.at(kind)->refresh(snapshot.at);
    }
}

void OverviewPage::backfill()
{
    QPointer<OverviewPage> self(this);
    m_backend.samples(m_backfillSince, [self](const Result<SampleHistory> &result) {
        OverviewPage *page = self.data();
        if (!page)
            return;
        if (!result.ok()) {
            // An older gateway without GET /v1/samples, or a key that may not read it: the
            // charts start from now, as they did before.
            qCInfo(lcOverview).noquote() << page->m_backend.displayName()
                                         << "has no chart history:" << result.error().message;
            return;
        }
        page->merge(*result);
    });
}

void OverviewPage::onConnectionState(ConnectionState state)
{
    if (state == ConnectionState::Connected)
        backfill();
    else
        m_backfillSince = m_lastSample;
}

void OverviewPage::follow(const DashboardSnapshot &snapshot)
{
    if (snapshot.pools.isEmpty())
        return; // not connected (yet): keep what the charts show
    QStringList names;
    QList<qint64> limits;
    for (const PoolStatus &pool : snapshot.pools) {
        names << pool.name;
        for (int kind = 0; kind < PoolMeasure::kCount; ++kind)
            limits << PoolMeasure::limit(pool, PoolMeasure::Kind(kind));
    }
    // Once a second at most, but the lines' labels are only made again when something changed.
    if (names != m_followed.names || limits != m_followed.limits
        || m_levels->levels() != m_followed.levels) {
        m_followed = {names, limits, m_levels->levels()};
        for (int kind = 0; kind < PoolMeasure::kCount; ++kind) {
            m_live.at(kind)->setSeriesNames(names);
            m_live.at(kind)->setReferenceLines(PoolMeasure::referenceLines(
                snapshot.pools, m_levels->levels(), PoolMeasure::Kind(kind)));
        }
    }
    if (m_pending)
        merge(*std::exchange(m_pending, std::nullopt));
}

void OverviewPage::merge(const SampleHistory &history)
{
    const QStringList names = m_live.first()->seriesNames();
    if (names.isEmpty()) {
        m_pending = history;
        return;
    }
    constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    QList<QList<double>> columns;
    for (int kind = 0; kind < PoolMeasure::kCount; ++kind) {
        columns.clear();
        for (const QString &name : names) {
            QList<double> column(history.at.size(), kNone);
            for (const PoolSeries &series : history.pools) {
                if (series.pool != name)
                    continue;
                const QList<qint64> &values = PoolMeasure::column(series, PoolMeasure::Kind(kind));
                for (qsizetype k = 0; k < column.size() && k < values.size(); ++k) {
                    if (values.at(k) != PoolSeries::kAbsent)
                        column[k] = double(values.at(k));
                }
            }
            columns.append(column);
        }
        m_live.at(kind)->merge(history.at, columns);
    }
    // Ticks go on after the newest sample merged, not beside it.
    if (!history.at.isEmpty())
        m_lastSample = std::max(m_lastSample, history.at.last());
    for (LiveChartPanel *chart : std::as_const(m_live))
        chart->refresh(m_lastSample > 0 ? m_lastSample : history.now);
    ++m_backfills;
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
