#include "widgets/TintedIconEngine.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace sluice {

using namespace Qt::StringLiterals;

TintedIconEngine::TintedIconEngine(const QString &svgPath)
    : m_path(svgPath)
    , m_source(svgPath)
{}

void TintedIconEngine::paint(QPainter *painter, const QRect &rect, QIcon::Mode mode,
                             QIcon::State state)
{
    const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    QPixmap image = pixmap(rect.size() * ratio, mode, state);
    image.setDevicePixelRatio(ratio);
    painter->drawPixmap(rect, image);
}

QPixmap TintedIconEngine::pixmap(const QSize &size, QIcon::Mode mode, QIcon::State)
{
    QPixmap image = m_source.pixmap(size);
    if (image.isNull())
        return image;
    const QPalette palette = QGuiApplication::palette();
    const QColor color = mode == QIcon::Disabled
                             ? palette.color(QPalette::Disabled, QPalette::WindowText)
                             : palette.color(QPalette::Active, QPalette::WindowText);
    QPainter painter(&image);
    painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
    painter.fillRect(image.rect(), color);
    return image;
}

QIconEngine *TintedIconEngine::clone() const
{
    return new TintedIconEngine(m_path);
}

QString TintedIconEngine::key() const
{
    return u"sluice-tinted"_s;
}

} // namespace sluice
