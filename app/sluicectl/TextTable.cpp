#include "TextTable.h"

#include <QRegularExpression>

#include <algorithm>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
bool looksNumeric(const QString &cell)
{
    static const QRegularExpression number(u"^[-+$]?[0-9][0-9.,]*( ?(%|s|ms|min|h))?$"_s);
    return number.match(cell).hasMatch();
}
} // namespace

TextTable::TextTable(QStringList headers)
    : m_headers(std::move(headers))
{}

void TextTable::addRow(QStringList cells)
{
    for (QString &cell : cells)
        cell.replace(u'\n', u' ').replace(u'\t', u' ');
    m_rows.append(std::move(cells));
}

TextTable TextTable::fields(const QList<std::pair<QString, QString>> &rows)
{
    TextTable table;
    for (const auto &[name, value] : rows)
        table.addRow({name, value});
    return table;
}

void TextTable::write(QTextStream &out) const
{
    qsizetype columns = m_headers.size();
    for (const QStringList &row : m_rows)
        columns = std::max(columns, row.size());
    QList<qsizetype> widths(columns, 0);
    QList<bool> numeric(columns, true);
    QList<bool> seen(columns, false);
    for (qsizetype c = 0; c < m_headers.size(); ++c)
        widths[c] = m_headers[c].size();
    for (const QStringList &row : m_rows) {
        for (qsizetype c = 0; c < row.size(); ++c) {
            widths[c] = std::max(widths[c], row[c].size());
            if (!row[c].isEmpty() && row[c] != u"-" && row[c] != u"unlimited") {
                seen[c] = true;
                numeric[c] = numeric[c] && looksNumeric(row[c]);
            }
        }
    }
    const auto line = [&](const QStringList &cells) {
        QString text;
        for (qsizetype c = 0; c < columns; ++c) {
            const QString cell = cells.value(c);
            const bool last = c + 1 == columns;
            if (numeric[c] && seen[c])
                text += cell.rightJustified(widths[c]);
            else
                text += last ? cell : cell.leftJustified(widths[c]);
            if (!last)
                text += u"  "_s;
        }
        while (text.endsWith(u' '))
            text.chop(1);
        out << text << '\n';
    };
    if (!m_headers.isEmpty())
        line(m_headers);
    for (const QStringList &row : m_rows)
        line(row);
}

} // namespace sluice::ctl
