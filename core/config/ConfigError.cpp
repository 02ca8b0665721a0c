#include "config/ConfigError.h"

#include <QStringList>

namespace sluice {

QString describeErrors(const QList<ConfigError> &errors)
{
    QStringList lines;
    lines.reserve(errors.size());
    for (const ConfigError &error : errors)
        lines << error.message;
    return lines.join(QLatin1Char('\n'));
}

} // namespace sluice
