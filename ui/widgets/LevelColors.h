#pragma once

#include "models/AlertLevels.h"

#include <QColor>
#include <QPalette>

namespace sluice {

/// The colours of the trouble levels, chosen for the palette in use (light or dark): green,
/// amber and red, none of them the selection highlight. Each pairs with a text colour of
/// at least 4.5:1 contrast, and the level is always also said in words beside it.
class LevelColors
{
public:
    /// A bar's chunk or a banner's background.
    static QColor fill(TroubleLevel level, const QPalette &palette);
    /// Text drawn on fill(level).
    static QColor onFill(TroubleLevel level);
    /// Coloured text on the palette's window background (status lines).
    static QColor text(TroubleLevel level, const QPalette &palette);
    /// True for a palette whose window is darker than its text.
    static bool isDark(const QPalette &palette);
};

} // namespace sluice
