#pragma once

#include <QWidget>

namespace sluice {

/// A see-through layer over a widget whose content is out of date (the pages of a gateway
/// that stopped answering): it paints the window colour at kStrength over it, so what lies
/// beneath, charts included, reads faded in light and dark palettes alike. Mouse and wheel
/// input pass through to the widget beneath. It follows the covered widget's geometry and
/// must be its sibling, created after it (so that it lies above). Hidden until show().
class StaleVeil : public QWidget
{
    Q_OBJECT

public:
    static constexpr double kStrength = 0.6;

    explicit StaleVeil(QWidget *covered);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QWidget *m_covered;
};

} // namespace sluice
