#pragma once

#include "util/Result.h"

#include <QString>
#include <Qt>

class QAbstractItemModel;
class QWidget;

namespace sluice {

/// Writes a table model as CSV (RFC 4180: comma separated, CRLF line ends, fields with a
/// comma, quote or line break quoted): a header line, then every row. Cells and headers are
/// the model's RawRole values where it gives them (durations in seconds, times in ISO 8601
/// UTC, money in USD, shares as fractions: what a spreadsheet can compute with), else the
/// DisplayRole text.
class TableCsv
{
public:
    static constexpr int RawRole = Qt::UserRole + 1;

    static QString toCsv(const QAbstractItemModel &model);
    /// FILE_FAILED, naming the file, when it cannot be written.
    static Result<Done> write(const QAbstractItemModel &model, const QString &path);
    /// Asks for a file name and writes there; shows a message when that fails.
    static void exportWithDialog(const QAbstractItemModel &model, QWidget *parent,
                                 const QString &suggestedName);

private:
    static QString field(const QString &text);
};

} // namespace sluice
