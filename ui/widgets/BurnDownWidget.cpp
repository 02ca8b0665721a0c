#include "widgets/BurnDownWidget.h"

#include "widgets/DisplayText.h"

#include <QPainter>
#include <QPainterPath>

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
    painter.drawText(QRectF(plot.left(), plot.bottom() + 4, plot.width(), metrics.height()),
                     Qt::AlignLeft, display::timeOfDay(f.dayStart));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 4, plot.width(), metrics.height()),
                     Qt::AlignRight, u"reset "_s % display::timeOfDay(f.resetAt));

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
    const QPointF label = point(f.now, remainingNow) + QPointF(6, -6);
    painter.drawText(label, u"now: "_s % display::count(qint64(remainingNow)) % u" left"_s);
}

} // namespace sluice
