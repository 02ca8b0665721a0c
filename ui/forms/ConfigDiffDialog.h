#pragma once

#include "config/ConfigDiff.h"

#include <QDialog>

#include <optional>

class QLineEdit;

namespace sluice {

/// Shows what a configuration change will do (setting, before, after) and asks for a note
/// before it is applied.
class ConfigDiffDialog : public QDialog
{
    Q_OBJECT

public:
    ConfigDiffDialog(const QList<ConfigChange> &changes, QWidget *parent = nullptr);

    QString note() const;
    /// Shows the dialog; the note when confirmed, nullopt when cancelled.
    static std::optional<QString> review(QWidget *parent, const QList<ConfigChange> &changes);

private:
    QLineEdit *m_note;
};

} // namespace sluice
