#pragma once

#include "models/AlertLevels.h"

#include <QObject>
#include <QStringList>

class QComboBox;

namespace sluice {

class AlertLevelsSource;
class Backend;

/// Fills a pool combo box from the backend's snapshots: each item says its pool's count and
/// state (PoolTrouble::pickerLabel) and carries the pool's name as data; the pool in most
/// trouble comes first (PoolTrouble::worstFirst). The selection follows its pool, not its
/// row, when the ranking changes. Until the operator picks a pool (a click on an item, or
/// selectPool) the picker selects the worst pool when it first has pools and each time the
/// combo box is shown (its page opens); from then on it never moves away from that pool.
class PoolPicker : public QObject
{
    Q_OBJECT

public:
    PoolPicker(QComboBox *box, Backend &backend, QObject *parent = nullptr);

    /// The pools to offer, in configured order; pools missing from the snapshot come last,
    /// without counts. Empty (the default): the snapshot's pools.
    void setPools(const QStringList &names);
    QString currentPool() const;
    /// The operator's choice: the picker keeps it.
    void selectPool(const QString &pool);
    /// Selects the pool in most trouble unless the operator chose one.
    void selectWorst();
    const AlertLevels &levels() const;
    QComboBox *comboBox() const { return m_box; }

signals:
    void poolChanged(const QString &pool);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fill();
    void select(int index);

    QComboBox *m_box;
    Backend &m_backend;
    AlertLevelsSource *m_levels;
    QStringList m_names;
    QString m_current;
    bool m_chosen = false;
};

} // namespace sluice
