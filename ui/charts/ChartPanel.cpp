#include "charts/ChartPanel.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QVBoxLayout>

#include <array>

namespace sluice {

using namespace Qt::StringLiterals;

ChartPanel::ChartPanel(const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart, this))
{
    m_chart->setTitle(title);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(180);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    applyPalette();
}

ChartPanel::~ChartPanel() = default;

QString ChartPanel::title() const
{
    return m_chart->title();
}

QColor ChartPanel::seriesColor(int index)
{
    static constexpr std::array<QRgb, 8> kColors{0x3a7bd5, 0xe8871e, 0x2fa36b, 0xd6457a,
                                                 0x8e6bd6, 0xc9a227, 0x1fa6b8, 0xd65b4b};
    return QColor::fromRgb(kColors[std::size_t(index) % kColors.size()]);
}

QImage ChartPanel::exportImage() const
{
    if (QLayout *panelLayout = layout())
        panelLayout->activate(); // a panel never shown has its size, not yet its view's
    const qreal scale = std::max(devicePixelRatioF(), kExportScale);
    QImage image(m_view->size() * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(palette().color(QPalette::Window));
    // QWidget::render, as grab() does (QGraphicsView::render draws only the scene).
    m_view->QWidget::render(&image);
    return image;
}

bool ChartPanel::exportPng(const QString &path) const
{
    return exportImage().save(path, "PNG");
}

void ChartPanel::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, u"Export chart as PNG"_s,
                                                      title() + u".png"_s, u"PNG images (*.png)"_s);
    if (!path.isEmpty() && !exportPng(path))
        QMessageBox::warning(this, u"Export failed"_s, u"Could not write "_s + path);
}

void ChartPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void ChartPanel::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(u"Export as PNG…"_s, this, &ChartPanel::exportWithDialog);
    menu.exec(event->globalPos());
}

void ChartPanel::applyPalette()
{
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    m_chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundBrush(pal.brush(QPalette::Base));
    m_chart->setBackgroundPen(QPen(pal.color(QPalette::Mid)));
    m_chart->setTitleBrush(pal.brush(QPalette::WindowText));
    m_chart->legend()->setLabelColor(pal.color(QPalette::Text));
    const QList<QAbstractAxis *> axes = m_chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.brush(QPalette::Text));
        axis->setGridLineColor(pal.color(QPalette::Midlight));
        axis->setLinePenColor(pal.color(QPalette::Mid));
    }
    m_view->setBackgroundBrush(pal.brush(QPalette::Window));
    paletteApplied();
}

} // namespace sluice
