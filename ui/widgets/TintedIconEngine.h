#pragma once

#include <QIcon>
#include <QIconEngine>

namespace sluice {

/// Draws a monochrome SVG in the application palette's text colour at paint time (the
/// disabled text colour for disabled icons), so icons follow a switch between light and
/// dark palettes without being rebuilt.
class TintedIconEngine : public QIconEngine
{
public:
    explicit TintedIconEngine(const QString &svgPath);

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QIconEngine *clone() const override;
    QString key() const override;

private:
    QString m_path;
    QIcon m_source;
};

} // namespace sluice
