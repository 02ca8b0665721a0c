#include "widgets/BurnDownWidget.h"

#include "widgets/DisplayText.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace sluice {

using namespace Qt::StringLiterals;

BurnDownWidget::BurnDownWidget(QWidget *parent)
    : QWidget(parent)
{
    setMinimumHeight(140);
}

void BurnDownWidget::setForecast(const QuotaBurnDown &forecast)
{
    m_forecast = forecast;
    update();
}

void BurnDownWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QuotaBurnDown &f = m_forecast;
    const QFontMetrics metrics(font());
    const QRectF plot = QRectF(rect()).adjusted(metrics.horizontalAdvance(u"00000"_s) + 8, 8, -12,
                                                -metrics.height() - 8);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(plot);
    if (f.limit <= 0 || f.resetAt <= f.dayStart)
        return;
    const auto point = [&](TimeMs at, double remaining) {
        const double x = double(at - f.dayStart) / double(f.resetAt - f.dayStart);
        return QPointF(plot.left() + x * plot.width(),
                       plot.bottom() - remaining / double(f.limit) * plot.height());
    };
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(0, plot.top() - 2, plot.left() - 6, metrics.height()), Qt::AlignRight,
                     display::count(f.limit));
    painter.drawText(
        QRectF(0, plot.bottom() - metrics.height() + 2, plot.left() - 6, metrics.height()),
        Qt::AlignRight, u"0"_s);
    // The axis runs from the start of the quota day to its reset; the text under the chart
    // says when that is, so the ends are named, not timed, and never run into each other.
    const QRectF axis(plot.left(), plot.bottom() + 4, plot.width(), metrics.height());
    painter.drawText(axis, Qt::AlignLeft, u"day start"_s);
    painter.drawText(axis, Qt::AlignRight, u"reset"_s);

    const double remainingNow = double(std::max<qint64>(f.limit - f.used, 0));
    QPen solid(palette().color(QPalette::Highlight), 2.5);
    painter.setPen(solid);
    painter.drawLine(point(f.dayStart, double(f.limit)), point(f.now, remainingNow));
    const TimeMs end = f.runsOutAt.value_or(f.resetAt);
    const double remainingAtEnd =
        f.runsOutAt ? 0.0
                    : std::max(0.0, remainingNow - f.perHour * double(end - f.now) / 3'600'000.0);
    QPen dashed = solid;
    dashed.setStyle(Qt::DashLine);
    painter.setPen(dashed);
    painter.drawLine(point(f.now, remainingNow), point(end, remainingAtEnd));
    painter.setBrush(palette().color(QPalette::Highlight));
    painter.drawEllipse(point(f.now, remainingNow), 4, 4);
    painter.setPen(palette().color(QPalette::Text));
    // "now: N left" beside the point, on whichever side it fits, inside the widget.
    const QString nowText = u"now: "_s % display::count(qint64(remainingNow)) % u" left"_s;
    const QPointF at = point(f.now, remainingNow);
    const qreal textWidth = metrics.horizontalAdvance(nowText);
    const qreal x = at.x() + 6 + textWidth <= width() ? at.x() + 6 : at.x() - 6 - textWidth;
    const qreal y = std::clamp<qreal>(at.y() - 6, metrics.ascent(), plot.bottom() - 2);
    painter.drawText(QPointF(std::max<qreal>(x, 0), y), nowText);
}

} // namespace sluice
