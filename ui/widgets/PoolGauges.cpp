#include "widgets/PoolGauges.h"

#include "widgets/DisplayText.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>

namespace sluice {

using namespace Qt::StringLiterals;

PoolGauges::PoolGauges(QWidget *parent)
    : QWidget(parent)
    , m_grid(new QGridLayout(this))
{
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(12);
    const QStringList headers{u"Pool"_s, u"Concurrency"_s, u"Requests / min"_s, u"Tokens / min"_s,
                              u"Queue"_s};
    for (int column = 0; column < headers.size(); ++column) {
        auto *header = new QLabel(headers.at(column), this);
        QFont bold = header->font();
        bold.setBold(true);
        header->setFont(bold);
        m_grid->addWidget(header, 0, column);
        if (column > 0)
            m_grid->setColumnStretch(column, 1);
    }
}

void PoolGauges::setPools(const QList<PoolStatus> &pools)
{
    bool sameNames = pools.size() == m_rows.size();
    for (qsizetype i = 0; sameNames && i < pools.size(); ++i)
        sameNames = pools.at(i).name == m_rows.at(i).name;
    if (!sameNames)
        rebuild(pools);
    for (qsizetype i = 0; i < pools.size(); ++i) {
        const PoolStatus &pool = pools.at(i);
        Row &row = m_rows[i];
        row.title->setText(u"<b>"_s % pool.name.toHtmlEscaped() % u"</b><br>"_s %
                           display::poolMode(pool.mode));
        show(row.bars[Concurrency], pool.inUse, pool.maxConcurrent, u"slots"_s);
        show(row.bars[RequestsPerMinute], pool.windowRequests, pool.requestsPerMinute, {});
        show(row.bars[TokensPerMinute], pool.windowTokens, pool.tokensPerMinute, {});
        show(row.bars[Queue], pool.waiting, pool.maxQueueLength, u"waiting"_s);
    }
}

QProgressBar *PoolGauges::bar(const QString &pool, Gauge gauge) const
{
    for (const Row &row : m_rows) {
        if (row.name == pool)
            return row.bars[gauge];
    }
    return nullptr;
}

void PoolGauges::rebuild(const QList<PoolStatus> &pools)
{
    for (Row &row : m_rows) {
        delete row.title;
        for (QProgressBar *bar : row.bars)
            delete bar;
    }
    m_rows.clear();
    for (qsizetype i = 0; i < pools.size(); ++i) {
        Row row;
        row.name = pools.at(i).name;
        row.title = new QLabel(this);
        m_grid->addWidget(row.title, int(i) + 1, 0);
        for (int gauge = 0; gauge < GaugeCount; ++gauge) {
            auto *bar = new QProgressBar(this);
            bar->setTextVisible(true);
            bar->setMinimumWidth(120);
            bar->setAccessibleName(row.name % u' ' % QString::number(gauge));
            m_grid->addWidget(bar, int(i) + 1, gauge + 1);
            row.bars[gauge] = bar;
        }
        m_rows.append(row);
    }
}

void PoolGauges::show(QProgressBar *bar, qint64 used, qint64 limit, const QString &unit)
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
    bar->setFormat(text);
    bar->setToolTip(text % u" ("_s % display::percent(double(used) / double(limit)) % u')');
}

} // namespace sluice
