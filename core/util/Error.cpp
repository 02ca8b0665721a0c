#include "util/Error.h"

#include <QStringList>

namespace sluice {

QString describeErrors(const QList<FieldError> &errors)
{
    QStringList lines;
    lines.reserve(errors.size());
    for (const FieldError &error : errors)
        lines << error.message;
    return lines.join(QLatin1Char('\n'));
}

} // namespace sluice
