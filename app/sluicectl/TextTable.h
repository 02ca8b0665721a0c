#pragma once

#include <QList>
#include <QStringList>
#include <QTextStream>

namespace sluice::ctl {

/// Columns aligned with spaces, for people: a header line, then one line per row. Numbers
/// are right-aligned. No colour, no box drawing, so it reads the same in a pipe.
class TextTable
{
public:
    explicit TextTable(QStringList headers = {});

    void addRow(QStringList cells);
    /// A two-column "name  value" list without a header.
    static TextTable fields(const QList<std::pair<QString, QString>> &rows);

    qsizetype rowCount() const { return m_rows.size(); }
    void write(QTextStream &out) const;

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
};

} // namespace sluice::ctl
