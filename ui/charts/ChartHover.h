#pragma once

#include <QObject>
#include <QPointF>

#include <functional>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
QT_END_NAMESPACE

namespace sluice {

/// The value under the cursor of a chart: while the mouse is over the plot a vertical marker
/// line follows it and a box beside it shows what `describe(x)` says about that x (the time
/// and each series' value there). Drawn in the chart's scene, so an export shows it too.
/// Lives as long as the view; installs itself as the view's viewport event filter.
class ChartHover : public QObject
{
    Q_OBJECT

public:
    using Describe = std::function<QString(double x)>;

    ChartHover(QChartView *view, Describe describe);
    ~ChartHover() override;

    /// Shows the marker at x (in the x axis' units), as a mouse there would.
    void showAt(double x);
    void hide();
    bool isShown() const;
    /// The text shown now; empty when hidden.
    QString text() const;
    /// Re-reads the text at the same x (the data moved under a still mouse).
    void update();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place();

    QChartView *m_view;
    QChart *m_chart;
    Describe m_describe;
    QGraphicsLineItem *m_line;
    QGraphicsRectItem *m_box;
    QGraphicsSimpleTextItem *m_label;
    double m_x = 0;
};

} // namespace sluice
