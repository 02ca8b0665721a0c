#include "widgets/LevelColors.h"

namespace sluice {

namespace {
// Fills keep 4.5:1 against their text colour (white, black, white) in both palettes; a dark
// palette gets slightly deeper fills so they do not glare.
constexpr QRgb kFillLight[] = {0x2e7d32, 0xf2b01e, 0xc62828};
constexpr QRgb kFillDark[] = {0x2f6f33, 0xe0a010, 0xb3261e};
constexpr QRgb kOnFill[] = {0xffffff, 0x000000, 0xffffff};
// Text on the window: dark shades on a light window, light shades on a dark one.
constexpr QRgb kTextLight[] = {0x1b5e20, 0x8a4b00, 0xb71c1c};
constexpr QRgb kTextDark[] = {0x81c784, 0xffc24d, 0xff8a80};

int index(TroubleLevel level)
{
    return std::clamp(int(level), 0, 2);
}
} // namespace

QColor LevelColors::fill(TroubleLevel level, const QPalette &palette)
{
    return QColor::fromRgb(isDark(palette) ? kFillDark[index(level)] : kFillLight[index(level)]);
}

QColor LevelColors::onFill(TroubleLevel level)
{
    return QColor::fromRgb(kOnFill[index(level)]);
}

QColor LevelColors::text(TroubleLevel level, const QPalette &palette)
{
    return QColor::fromRgb(isDark(palette) ? kTextDark[index(level)] : kTextLight[index(level)]);
}

bool LevelColors::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() <
           palette.color(QPalette::WindowText).lightnessF();
}

} // namespace sluice
