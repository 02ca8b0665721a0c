#pragma once

#include <QObject>

class QTableView;

namespace sluice {

/// Column widths that do not jump: the columns of a table are fitted to their contents
/// once, when its model first has rows and it is shown, and then stay as they are (the user may drag them);
/// a refresh, a reset of the model or a cell growing ("9 s" to "10 s") leaves them alone.
/// Rows keep one line (no word wrap; long text is elided). Owned by the view.
class ColumnWidths : public QObject
{
    Q_OBJECT

public:
    /// Applies the policy to `view`, whose model must be set.
    static void fitOnce(QTableView *view);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit ColumnWidths(QTableView *view);
    /// Fits once the model has rows and the view is shown (a hidden view measures only the
    /// rows its zero-height viewport shows).
    void fitIfFilled();

    QTableView *m_view;
    bool m_done = false;
};

} // namespace sluice
