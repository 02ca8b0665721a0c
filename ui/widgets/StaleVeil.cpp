#include "widgets/StaleVeil.h"

#include <QEvent>
#include <QPaintEvent>
#include <QPainter>

namespace sluice {

StaleVeil::StaleVeil(QWidget *covered)
    : QWidget(covered->parentWidget())
    , m_covered(covered)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setFocusPolicy(Qt::NoFocus);
    setGeometry(covered->geometry());
    covered->installEventFilter(this);
    hide();
}

bool StaleVeil::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_covered && (event->type() == QEvent::Resize || event->type() == QEvent::Move))
        setGeometry(m_covered->geometry());
    return QWidget::eventFilter(watched, event);
}

void StaleVeil::paintEvent(QPaintEvent *event)
{
    QColor veil = palette().color(QPalette::Window);
    veil.setAlphaF(kStrength);
    QPainter(this).fillRect(event->rect(), veil);
}

} // namespace sluice
