#include "main/MainMenu.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
QAction *makeAction(QObject *parent, const QString &text, QKeySequence shortcut,
                    const QString &tip)
{
    auto *action = new QAction(text, parent);
    action->setShortcut(shortcut);
    action->setStatusTip(tip);
    return action;
}
} // namespace

MainMenu::MainMenu(QMainWindow &window, const QList<QAction *> &pages, QAction *demo)
    : QObject(&window)
    , m_window(window)
    , m_quit(makeAction(this, u"&Quit"_s, QKeySequence(Qt::CTRL | Qt::Key_Q),
                        u"Quit Sluice (asks first while the Local API is served)"_s))
    , m_refresh(makeAction(this, u"&Refresh"_s, QKeySequence::Refresh,
                           u"Read the page's data again; reconnect now if the gateway is "
                           u"unreachable"_s))
    , m_find(makeAction(this, u"&Find…"_s, QKeySequence::Find,
                        u"Find a user (Users) or filter the queue or the audit log"_s))
    , m_shortcuts(makeAction(this, u"&Keyboard Shortcuts"_s, QKeySequence(), QString()))
{
    m_quit->setMenuRole(QAction::QuitRole);
    // Window-wide, whatever has the focus.
    for (QAction *action : {m_quit, m_refresh, m_find})
        action->setShortcutContext(Qt::WindowShortcut);
    connect(m_quit, &QAction::triggered, this, &MainMenu::quitRequested);
    connect(m_refresh, &QAction::triggered, this, &MainMenu::refreshRequested);
    connect(m_find, &QAction::triggered, this, &MainMenu::findRequested);
    connect(m_shortcuts, &QAction::triggered, this, [this] {
        QMessageBox::information(&m_window, u"Keyboard Shortcuts"_s, shortcutsText());
    });

    QMenuBar *bar = window.menuBar();
    QMenu *file = bar->addMenu(u"&File"_s);
    file->addAction(m_quit);
    QMenu *view = bar->addMenu(u"&View"_s);
    view->addActions(pages);
    view->addSeparator();
    view->addAction(m_refresh);
    view->addAction(m_find);
    view->addSeparator();
    view->addAction(demo);
    QMenu *help = bar->addMenu(u"&Help"_s);
    help->addAction(m_shortcuts);
    help->addSeparator();
    help->addAction(u"&About Sluice"_s, this, &MainMenu::showAbout)->setMenuRole(
        QAction::AboutRole);
    help->addAction(u"About &Qt"_s, qApp, &QApplication::aboutQt)->setMenuRole(
        QAction::AboutQtRole);

    m_listed = pages;
    m_listed << m_refresh << m_find << m_quit;
}

QString MainMenu::shortcutsText() const
{
    QStringList lines;
    for (const QAction *action : m_listed) {
        if (action->shortcut().isEmpty())
            continue;
        QString name = action->text();
        name.remove(u'&');
        name.remove(u'…');
        lines << action->shortcut().toString(QKeySequence::NativeText) % u"\t"_s % name;
    }
    return lines.join(u'\n');
}

void MainMenu::showAbout()
{
    const QString version = QApplication::applicationVersion();
    QMessageBox::about(
        &m_window, u"About Sluice"_s,
        u"<h3>Sluice %1</h3><p>Keeps applications inside the limits of the rate-limited APIs "
        u"they depend on: live concurrency, queues, quotas and alerts, for the embedded engine "
        u"and for remote <code>sluiced</code> gateways.</p><p>Built with Qt %2.</p>"_s
            .arg(version.isEmpty() ? u"(development build)"_s : version.toHtmlEscaped(),
                 QString::fromLatin1(qVersion())));
}

} // namespace sluice
