#include "models/ConfigHistoryModel.h"

#include "protocol/WireEngine.h"
#include "widgets/DisplayText.h"

#include <QFont>

namespace sluice {

using namespace Qt::StringLiterals;

void ConfigHistoryModel::setCurrentVersion(qint32 version)
{
    if (version == m_current)
        return;
    m_current = version;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::FontRole});
}

QString ConfigHistoryModel::header(int column) const
{
    switch (column) {
    case Version:
        return u"Version"_s;
    case When:
        return u"When"_s;
    case Actor:
        return u"Who"_s;
    case Note:
        return u"Note"_s;
    }
    return {};
}

QString ConfigHistoryModel::rawHeader(int column) const
{
    return column == When ? u"When (UTC)"_s : QString();
}

QVariant ConfigHistoryModel::cell(const ConfigVersionRow &row, int column, int role) const
{
    if (role == Qt::FontRole) {
        QFont font;
        font.setBold(row.version == m_current);
        return font;
    }
    if (role == TableCsv::RawRole)
        return column == When ? QVariant(isoUtc(row.at)) : QVariant();
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (column) {
    case Version:
        return role == SortRole ? QVariant(row.version) : QVariant(QString::number(row.version));
    case When:
        return role == SortRole ? QVariant(row.at) : QVariant(display::dateTime(row.at));
    case Actor:
        return row.actor;
    case Note:
        return row.note;
    }
    return {};
}

} // namespace sluice
