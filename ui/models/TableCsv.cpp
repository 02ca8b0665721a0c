#include "models/TableCsv.h"

#include <QAbstractItemModel>
#include <QFileDialog>
#include <QMessageBox>
#include <QSaveFile>
#include <QStringList>

namespace sluice {

using namespace Qt::StringLiterals;

QString TableCsv::field(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') &&
        !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

QString TableCsv::toCsv(const QAbstractItemModel &model)
{
    QString csv;
    QStringList cells;
    for (int column = 0; column < model.columnCount(); ++column) {
        const QVariant raw = model.headerData(column, Qt::Horizontal, RawRole);
        cells << field(raw.isValid() ? raw.toString()
                                     : model.headerData(column, Qt::Horizontal).toString());
    }
    csv += cells.join(u',') + u"\r\n"_s;
    for (int row = 0; row < model.rowCount(); ++row) {
        cells.clear();
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            const QVariant raw = index.data(RawRole);
            cells << field(raw.isValid() ? raw.toString() : index.data(Qt::DisplayRole).toString());
        }
        csv += cells.join(u',') + u"\r\n"_s;
    }
    return csv;
}

Result<Done> TableCsv::write(const QAbstractItemModel &model, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toCsv(model).toUtf8()) < 0 || !file.commit())
        return Error{
            errors::kFileFailed, u"Could not write "_s % path % u": "_s % file.errorString(), {}};
    return Done{};
}

void TableCsv::exportWithDialog(const QAbstractItemModel &model, QWidget *parent,
                                const QString &suggestedName)
{
    const QString path = QFileDialog::getSaveFileName(parent, u"Export table as CSV"_s,
                                                      suggestedName, u"CSV files (*.csv)"_s);
    if (path.isEmpty())
        return;
    if (const Result<Done> written = write(model, path); !written)
        QMessageBox::warning(parent, u"Export failed"_s, written.error().message);
}

} // namespace sluice
