#pragma once

#include <QList>
#include <QObject>

class QAction;
class QMainWindow;

namespace sluice {

/// The main window's menu bar: File (Quit), View (the pages with their shortcuts, Refresh,
/// Find, Demo traffic) and Help (Keyboard shortcuts, About). The page and demo actions are
/// the window's own (the tool bar shows the same ones); this class adds the rest and says
/// when they are triggered.
class MainMenu : public QObject
{
    Q_OBJECT

public:
    MainMenu(QMainWindow &window, const QList<QAction *> &pages, QAction *demo);

    QAction *quitAction() const { return m_quit; }
    QAction *refreshAction() const { return m_refresh; }
    QAction *findAction() const { return m_find; }
    QAction *shortcutsAction() const { return m_shortcuts; }
    /// Every action with a shortcut, one per line: "Ctrl+1  Overview" (Help > Keyboard shortcuts).
    QString shortcutsText() const;

signals:
    void quitRequested();
    void refreshRequested();
    void findRequested();

private:
    void showAbout();

    QMainWindow &m_window;
    QList<QAction *> m_listed;
    QAction *m_quit;
    QAction *m_refresh;
    QAction *m_find;
    QAction *m_shortcuts;
};

} // namespace sluice
