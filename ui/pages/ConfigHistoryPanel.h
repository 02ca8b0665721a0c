#pragma once

#include "protocol/ApiTypes.h"

#include <QWidget>

class QPushButton;
class QTableView;

namespace sluice {

class ColumnFilterProxy;
class ConfigHistoryModel;

/// Configuration versions, newest first, with "Roll back to this version" for the selected
/// one and CSV export.
class ConfigHistoryPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigHistoryPanel(QWidget *parent = nullptr);

    void setHistory(const QList<ConfigVersionRow> &history, qint32 currentVersion);
    /// Rolling back needs the admin role; `why` is shown when it is refused.
    void setRollbackAllowed(bool allowed, const QString &why);
    void selectVersion(qint32 version);
    ConfigHistoryModel *model() const { return m_model; }
    QPushButton *rollbackButton() const { return m_rollback; }

signals:
    void rollbackRequested(qint32 version);

private:
    qint32 selectedVersion() const;
    void updateButtons();

    ConfigHistoryModel *m_model;
    ColumnFilterProxy *m_proxy;
    QTableView *m_view;
    QPushButton *m_rollback;
    qint32 m_current = 0;
    bool m_allowed = true;
    QString m_why;
};

} // namespace sluice
