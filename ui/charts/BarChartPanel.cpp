#include "charts/BarChartPanel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace sluice {

using namespace Qt::StringLiterals;

BarChartPanel::BarChartPanel(const QString &title, const QString &unit, int decimals,
                             QWidget *parent)
    : ChartPanel(title, parent)
    , m_series(new QBarSeries)
    , m_set(new QBarSet(unit))
    , m_axisX(new QBarCategoryAxis(this))
    , m_axisY(new QValueAxis(this))
    , m_decimals(decimals)
{
    m_series->append(m_set);
    m_series->setLabelsVisible(true);
    m_series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_series->setLabelsPrecision(decimals + 6);
    m_series->setLabelsFormat(u"@value"_s);
    chart()->addSeries(m_series);
    chart()->addAxis(m_axisX, Qt::AlignBottom);
    chart()->addAxis(m_axisY, Qt::AlignLeft);
    m_series->attachAxis(m_axisX);
    m_series->attachAxis(m_axisY);
    m_axisY->setLabelFormat(decimals > 0 ? u"%.*f"_s.replace(u"*"_s, QString::number(decimals))
                                         : u"%d"_s);
    m_axisY->setRange(0, 1);
    m_axisY->setTitleText(unit);
    chart()->legend()->setVisible(false);
    applyPalette();
}

BarChartPanel::~BarChartPanel() = default;

void BarChartPanel::setValues(const QStringList &categories, const QList<double> &values)
{
    const double scale = std::pow(10.0, m_decimals);
    if (categories != m_categories) {
        m_categories = categories;
        m_axisX->clear();
        m_axisX->append(categories);
        m_set->remove(0, m_set->count());
        for (qsizetype i = 0; i < categories.size(); ++i)
            m_set->append(0);
    }
    double highest = 0;
    for (qsizetype i = 0; i < categories.size(); ++i) {
        const double value = i < values.size() ? std::round(values.at(i) * scale) / scale : 0.0;
        if (m_set->at(int(i)) != value)
            m_set->replace(int(i), value);
        highest = std::max(highest, value);
    }
    m_axisY->setRange(0, highest <= 0 ? 1.0 : highest * 1.2);
    m_axisY->applyNiceNumbers();
}

QList<double> BarChartPanel::values() const
{
    QList<double> result;
    for (int i = 0; i < m_set->count(); ++i)
        result.append(m_set->at(i));
    return result;
}

void BarChartPanel::paletteApplied()
{
    m_set->setColor(seriesColor(0));
    m_set->setBorderColor(seriesColor(0));
    m_set->setLabelColor(palette().color(QPalette::Text));
}

} // namespace sluice
