#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
QT_END_NAMESPACE

namespace sluice {

/// The base of every chart of the dashboard: the one place that knows Qt Charts (deprecated
/// from Qt 6.10 in favour of Qt Graphs). Follows the widget palette (light or dark), keeps
/// animations off, and exports to PNG from its context menu or exportPng().
class ChartPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ChartPanel(const QString &title, QWidget *parent = nullptr);
    ~ChartPanel() override;

    QString title() const;
    /// The chart as a PNG image (exportImage()); false when the file cannot be written.
    bool exportPng(const QString &path) const;
    /// Asks for a file name and exports there.
    void exportWithDialog();
    /// A fixed colour per series index, readable on light and dark backgrounds.
    static QColor seriesColor(int index);

    QChart *chart() const { return m_chart; }
    /// The image exportPng() writes: the chart at its size on screen, at the screen's device
    /// pixel ratio but at least kExportScale (sharp on high-DPI screens and in documents).
    QImage exportImage() const;
    static constexpr qreal kExportScale = 2.0;

protected:
    void changeEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    /// Called after the palette changed and the chart took its colours: series recolour here.
    virtual void paletteApplied() {}
    void applyPalette();
    QChartView *view() const { return m_view; }

private:
    QChart *m_chart;
    QChartView *m_view;
};

} // namespace sluice
