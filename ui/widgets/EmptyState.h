#pragma once

#include <QObject>
#include <QAbstractItemModel>
#include <QPointer>

class QAbstractItemView;
class QLabel;

namespace sluice {

/// A sentence in the middle of an empty table ("Queue empty", "No alerts firing"), so that
/// an empty view says it is empty rather than looking unfinished. Shown while the view's
/// model (the one set when installed) has no rows; follows its row changes and the
/// viewport's size. Owned by the view.
class EmptyState : public QObject
{
    Q_OBJECT

public:
    /// Adds `text` to `view` (whose model must be set); setText() changes it later. When the
    /// model is a proxy whose source has rows (all filtered out), `filteredText` is shown
    /// instead, if given.
    static EmptyState *install(QAbstractItemView *view, const QString &text,
                               const QString &filteredText = {});
    /// The sentence `view` shows now; empty when it shows rows (or has no EmptyState).
    static QString shownText(const QAbstractItemView *view);

    void setText(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    EmptyState(QAbstractItemView *view, const QString &text, const QString &filteredText);
    void update();

    /// The model as installed: read without the view, which may be half destroyed when a
    /// QTableWidget's own model empties itself in its destructor.
    QPointer<QAbstractItemModel> m_model;
    /// Child of the viewport, which a view may delete before its model.
    QPointer<QLabel> m_label;
    QString m_text;
    QString m_filteredText;
};

} // namespace sluice
