#pragma once

#include "protocol/ApiTypes.h"

#include <QColor>
#include <QIcon>

namespace sluice {

/// The project's SVG icons (resources/icons) drawn in the application palette's text colour
/// when painted, so they read on light and dark palettes alike; and the connection-state dots.
class ThemedIcons
{
public:
    /// `name` is the file name without ".svg", e.g. "pause".
    static QIcon icon(const QString &name);
    /// A filled circle in the state's colour; the colours read on light and dark backgrounds.
    static QIcon stateDot(ConnectionState state);
    static QColor stateColor(ConnectionState state);
    static QIcon appIcon();
};

} // namespace sluice
