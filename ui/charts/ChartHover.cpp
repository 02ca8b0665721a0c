#include "charts/ChartHover.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QPen>

namespace sluice {

namespace {
constexpr qreal kPadding = 4;
constexpr qreal kGap = 8;
} // namespace

ChartHover::ChartHover(QChartView *view, Describe describe)
    : QObject(view)
    , m_view(view)
    , m_chart(view->chart())
    , m_describe(std::move(describe))
    , m_line(new QGraphicsLineItem(m_chart))
    , m_box(new QGraphicsRectItem(m_chart))
    , m_label(new QGraphicsSimpleTextItem(m_box))
{
    m_line->setZValue(20);
    m_box->setZValue(21);
    hide();
    view->setMouseTracking(true);
    view->viewport()->setMouseTracking(true);
    view->viewport()->installEventFilter(this);
}

ChartHover::~ChartHover() = default;

void ChartHover::showAt(double x)
{
    m_x = x;
    place();
}

void ChartHover::hide()
{
    m_line->hide();
    m_box->hide();
    m_label->setText({});
}

bool ChartHover::isShown() const
{
    return m_box->isVisible();
}

QString ChartHover::text() const
{
    return isShown() ? m_label->text() : QString();
}

void ChartHover::update()
{
    if (isShown())
        place();
}

bool ChartHover::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseMove) {
        const QPoint pos = static_cast<QMouseEvent *>(event)->position().toPoint();
        const QPointF inChart = m_chart->mapFromScene(m_view->mapToScene(pos));
        if (m_chart->plotArea().contains(inChart))
            showAt(m_chart->mapToValue(inChart).x());
        else
            hide();
    } else if (event->type() == QEvent::Leave) {
        hide();
    }
    return QObject::eventFilter(watched, event);
}

void ChartHover::place()
{
    const QString text = m_describe ? m_describe(m_x) : QString();
    const QRectF plot = m_chart->plotArea();
    if (text.isEmpty() || m_chart->series().isEmpty() || plot.isEmpty()) {
        hide();
        return;
    }
    const qreal x = m_chart->mapToPosition(QPointF(m_x, 0)).x();
    const QPalette pal = m_view->palette();
    m_line->setPen(QPen(pal.color(QPalette::WindowText), 1, Qt::SolidLine));
    m_line->setLine(x, plot.top(), x, plot.bottom());
    m_label->setText(text);
    m_label->setBrush(pal.brush(QPalette::ToolTipText));
    m_label->setPos(kPadding, kPadding);
    const QSizeF size = m_label->boundingRect().size() + QSizeF(2 * kPadding, 2 * kPadding);
    m_box->setRect(QRectF(QPointF(0, 0), size));
    m_box->setBrush(pal.brush(QPalette::ToolTipBase));
    m_box->setPen(QPen(pal.color(QPalette::Mid)));
    // Beside the line, on whichever side has room; kept inside the chart.
    const QRectF area = m_chart->rect();
    qreal left = x + kGap;
    if (left + size.width() > plot.right())
        left = x - kGap - size.width();
    left = std::clamp(left, area.left(), std::max(area.left(), area.right() - size.width()));
    m_box->setPos(left, plot.top() + kPadding);
    m_line->show();
    m_box->show();
}

} // namespace sluice
