#pragma once

#include "models/AlertLevels.h"

#include <QLabel>

namespace sluice {

/// A pool's state in large, bold, coloured words ("Running", "Paused", "Draining (12 left)",
/// "Drained", "Throttled by upstream until 14:32:10"), readable across a room. The colour
/// follows PoolTrouble::statusLevel and the palette in use.
class PoolStatusLine : public QLabel
{
    Q_OBJECT

public:
    explicit PoolStatusLine(QWidget *parent = nullptr);

    void setStatus(const PoolStatus &pool, TimeMs now);
    TroubleLevel level() const { return m_level; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColour();

    TroubleLevel m_level = TroubleLevel::Normal;
};

} // namespace sluice
