#pragma once

#include "charts/ChartPanel.h"

#include <QStringList>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QValueAxis;
QT_END_NAMESPACE

namespace sluice {

/// A bar chart of one value per category (e.g. requests per tier today). Values are updated
/// in place while the categories stay the same; the bars carry their values as labels.
class BarChartPanel : public ChartPanel
{
    Q_OBJECT

public:
    /// `decimals` for the value labels and the axis, e.g. 2 for dollars.
    BarChartPanel(const QString &title, const QString &unit, int decimals,
                  QWidget *parent = nullptr);
    ~BarChartPanel() override;

    void setValues(const QStringList &categories, const QList<double> &values);
    QStringList categories() const { return m_categories; }
    QList<double> values() const;

protected:
    void paletteApplied() override;

private:
    QStringList m_categories;
    QBarSeries *m_series;
    QBarSet *m_set;
    QBarCategoryAxis *m_axisX;
    QValueAxis *m_axisY;
    int m_decimals;
};

} // namespace sluice
