#include "widgets/EmptyState.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QLabel>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr auto kName = "sluiceEmptyState";
} // namespace

EmptyState *EmptyState::install(QAbstractItemView *view, const QString &text)
{
    return new EmptyState(view, text);
}

EmptyState::EmptyState(QAbstractItemView *view, const QString &text)
    : QObject(view)
    , m_view(view)
    , m_label(new QLabel(text, view->viewport()))
{
    setObjectName(QLatin1StringView(kName));
    m_label->setObjectName(QLatin1StringView(kName));
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setWordWrap(true);
    m_label->setForegroundRole(QPalette::PlaceholderText);
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents);
    view->viewport()->installEventFilter(this);
    if (QAbstractItemModel *model = view->model()) {
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(model, signal, this, &EmptyState::update);
        connect(model, &QAbstractItemModel::modelReset, this, &EmptyState::update);
        connect(model, &QAbstractItemModel::layoutChanged, this, &EmptyState::update);
    }
    update();
}

QString EmptyState::shownText(const QAbstractItemView *view)
{
    const auto *label = view->viewport()->findChild<QLabel *>(QLatin1StringView(kName));
    return label && !label->isHidden() ? label->text() : QString();
}

void EmptyState::setText(const QString &text)
{
    m_label->setText(text);
}

bool EmptyState::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize)
        update();
    return QObject::eventFilter(watched, event);
}

void EmptyState::update()
{
    QAbstractItemView *view = m_view.data();
    if (!view)
        return;
    const QAbstractItemModel *model = view->model();
    const bool empty = !model || model->rowCount(view->rootIndex()) == 0;
    m_label->setGeometry(view->viewport()->rect().adjusted(8, 8, -8, -8));
    m_label->setVisible(empty);
}

} // namespace sluice
