#include "widgets/ThemedIcons.h"

#include "widgets/TintedIconEngine.h"

#include <QPainter>
#include <QPixmap>

namespace sluice {

using namespace Qt::StringLiterals;

QIcon ThemedIcons::icon(const QString &name)
{
    return QIcon(new TintedIconEngine(u":/icons/"_s % name % u".svg"_s));
}

QColor ThemedIcons::stateColor(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Connected:
        return QColor(0x2e, 0xa0, 0x4f);
    case ConnectionState::Connecting:
    case ConnectionState::Reconnecting:
        return QColor(0xe0, 0x9b, 0x10);
    case ConnectionState::AuthFailed:
        return QColor(0xd9, 0x3f, 0x3f);
    case ConnectionState::Unreachable:
        return QColor(0x8a, 0x90, 0x99);
    }
    return QColor(0x8a, 0x90, 0x99);
}

QIcon ThemedIcons::stateDot(ConnectionState state)
{
    QIcon result;
    for (int size : {12, 16, 24}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(stateColor(state));
        const qreal margin = size / 5.0;
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        result.addPixmap(pixmap);
    }
    return result;
}

QIcon ThemedIcons::appIcon()
{
    return QIcon(u":/sluice.svg"_s);
}

} // namespace sluice
