#include "widgets/PoolStatusLine.h"

#include "models/PoolTrouble.h"
#include "widgets/LevelColors.h"

#include <QApplication>
#include <QEvent>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr double kScale = 1.5;
}

PoolStatusLine::PoolStatusLine(QWidget *parent)
    : QLabel(parent)
{
    QFont big = QApplication::font(this);
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * kScale);
    setFont(big);
    applyColour();
}

void PoolStatusLine::setStatus(const PoolStatus &pool, TimeMs now)
{
    const QString text = PoolTrouble::statusText(pool, now);
    const TroubleLevel level = PoolTrouble::statusLevel(PoolTrouble::state(pool, now));
    if (text != this->text())
        setText(text);
    const QString name = pool.name % u": "_s % text;
    if (name != accessibleName())
        setAccessibleName(name);
    if (level != m_level) {
        m_level = level;
        applyColour();
    }
}

void PoolStatusLine::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::ApplicationPaletteChange)
        applyColour();
}

void PoolStatusLine::applyColour()
{
    QPalette pal = QApplication::palette(this);
    pal.setColor(QPalette::WindowText, LevelColors::text(m_level, pal));
    setPalette(pal);
}

} // namespace sluice
