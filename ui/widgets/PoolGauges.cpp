#include "widgets/PoolGauges.h"

#include "widgets/DisplayText.h"
#include "widgets/LevelColors.h"
#include "widgets/PoolStatusLine.h"

#include <QApplication>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr AlertMetric kMetrics[] = {AlertMetric::PoolConcurrency,
                                    AlertMetric::PoolRequestsPerMinute,
                                    AlertMetric::PoolTokensPerMinute, AlertMetric::PoolQueue};

const QStringList &headers()
{
    static const QStringList titles{u"Pool"_s, u"Concurrency"_s, u"Requests / min"_s,
                                    u"Tokens / min"_s, u"Queue"_s, u"Spend today"_s};
    return titles;
}
} // namespace

PoolGauges::PoolGauges(QWidget *parent)
    : QWidget(parent)
    , m_grid(new QGridLayout(this))
{
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(12);
    const QStringList titles = headers();
    for (int column = 0; column < titles.size(); ++column) {
        auto *header = new QLabel(titles.at(column), this);
        QFont bold = header->font();
        bold.setBold(true);
        header->setFont(bold);
        m_grid->addWidget(header, 0, column);
        if (column > 0 && column <= GaugeCount)
            m_grid->setColumnStretch(column, 1);
    }
}

void PoolGauges::setPools(const QList<PoolStatus> &pools, const AlertLevels &levels, TimeMs now)
{
    resize(pools.size());
    for (qsizetype i = 0; i < pools.size(); ++i) {
        const PoolStatus &pool = pools.at(i);
        Row &row = m_rows[i];
        if (row.name != pool.name) {
            row.name = pool.name;
            row.title->setText(pool.name);
            for (int gauge = 0; gauge < GaugeCount; ++gauge)
                row.bars[gauge]->setAccessibleName(pool.name % u' ' % headers().at(gauge + 1));
        }
        row.status->setStatus(pool, now);
        row.spend->setText(display::spend(pool.costNanoUsdToday, pool.creditsToday));
        const qint64 used[] = {pool.inUse, pool.windowRequests, pool.windowTokens, pool.waiting};
        const qint64 limits[] = {pool.maxConcurrent, pool.requestsPerMinute, pool.tokensPerMinute,
                                 pool.maxQueueLength};
        const QString units[] = {u"slots"_s, {}, {}, u"waiting"_s};
        for (int gauge = 0; gauge < GaugeCount; ++gauge) {
            const TroubleLevel level =
                levels.level(pool.name, kMetrics[gauge], used[gauge], limits[gauge]);
            if (level != row.levels[gauge])
                paint(row.bars[gauge], level);
            row.levels[gauge] = level;
            show(row.bars[gauge], used[gauge], limits[gauge], units[gauge], level,
                 levels.warningAt(pool.name, kMetrics[gauge]));
        }
    }
}

QProgressBar *PoolGauges::bar(const QString &pool, Gauge gauge) const
{
    const Row *found = row(pool);
    return found ? found->bars[gauge] : nullptr;
}

TroubleLevel PoolGauges::level(const QString &pool, Gauge gauge) const
{
    const Row *found = row(pool);
    return found ? found->levels[gauge] : TroubleLevel::Normal;
}

PoolStatusLine *PoolGauges::statusLine(const QString &pool) const
{
    const Row *found = row(pool);
    return found ? found->status : nullptr;
}

QLabel *PoolGauges::spendLabel(const QString &pool) const
{
    const Row *found = row(pool);
    return found ? found->spend : nullptr;
}

QStringList PoolGauges::poolNames() const
{
    QStringList names;
    for (const Row &row : m_rows)
        names << row.name;
    return names;
}

void PoolGauges::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::ApplicationPaletteChange)
        return;
    for (const Row &row : std::as_const(m_rows)) {
        for (int gauge = 0; gauge < GaugeCount; ++gauge)
            paint(row.bars[gauge], row.levels[gauge]);
    }
}

void PoolGauges::resize(qsizetype count)
{
    while (m_rows.size() > count) {
        Row row = m_rows.takeLast();
        delete row.title->parentWidget();
        for (QProgressBar *bar : row.bars)
            delete bar;
        delete row.spend;
    }
    while (m_rows.size() < count) {
        const int line = int(m_rows.size()) + 1;
        Row row;
        auto *cell = new QWidget(this);
        auto *stack = new QVBoxLayout(cell);
        stack->setContentsMargins(0, 2, 0, 2);
        stack->setSpacing(0);
        row.title = new QLabel(cell);
        QFont bold = row.title->font();
        bold.setBold(true);
        row.title->setFont(bold);
        row.status = new PoolStatusLine(cell);
        stack->addWidget(row.title);
        stack->addWidget(row.status);
        m_grid->addWidget(cell, line, 0);
        for (int gauge = 0; gauge < GaugeCount; ++gauge) {
            auto *bar = new QProgressBar(this);
            bar->setTextVisible(true);
            bar->setMinimumWidth(120);
            m_grid->addWidget(bar, line, gauge + 1);
            row.bars[gauge] = bar;
            paint(bar, TroubleLevel::Normal);
        }
        row.spend = new QLabel(this);
        row.spend->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row.spend->setToolTip(u"Cost charged today on release, and its credits (USD 0.01 each, "
                              "rounded up per request)"_s);
        m_grid->addWidget(row.spend, line, GaugeCount + 1);
        m_rows.append(row);
    }
}

const PoolGauges::Row *PoolGauges::row(const QString &pool) const
{
    for (const Row &row : m_rows) {
        if (row.name == pool)
            return &row;
    }
    return nullptr;
}

void PoolGauges::show(QProgressBar *bar, qint64 used, qint64 limit, const QString &unit,
                      TroubleLevel level, double warningAt)
{
    const QString suffix = unit.isEmpty() ? QString() : u' ' + unit;
    if (limit <= 0) {
        bar->setRange(0, 1);
        bar->setValue(0);
        bar->setFormat(display::count(used) % suffix % u" (no limit)"_s);
        bar->setToolTip(display::count(used) % suffix % u", no limit"_s);
        return;
    }
    const double scale = limit > INT_MAX ? double(INT_MAX) / double(limit) : 1.0;
    bar->setRange(0, int(double(limit) * scale));
    bar->setValue(int(double(std::min(used, limit)) * scale));
    const QString text = display::count(used) % u" / "_s % display::count(limit) % suffix;
    bar->setFormat(
        level == TroubleLevel::Normal ? text : QString(text % u" · "_s % troubleLevelName(level)));
    bar->setToolTip(text % u" ("_s % display::percent(double(used) / double(limit)) % u"): "_s %
                    troubleLevelName(level) % u"; warning from "_s % display::percent(warningAt) %
                    u", critical at the limit"_s);
}

void PoolGauges::paint(QProgressBar *bar, TroubleLevel level)
{
    QPalette pal = QApplication::palette(bar);
    pal.setColor(QPalette::Highlight, LevelColors::fill(level, pal));
    pal.setColor(QPalette::HighlightedText, LevelColors::onFill(level));
    bar->setPalette(pal);
}

} // namespace sluice
