#include "widgets/EmptyState.h"

#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QEvent>
#include <QLabel>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
constexpr auto kName = "sluiceEmptyState";
} // namespace

EmptyState *EmptyState::install(QAbstractItemView *view, const QString &text,
                                const QString &filteredText)
{
    return new EmptyState(view, text, filteredText);
}

EmptyState::EmptyState(QAbstractItemView *view, const QString &text, const QString &filteredText)
    : QObject(view)
    , m_model(view->model())
    , m_text(text)
    , m_filteredText(filteredText)
{
    auto *label = new QLabel(text, view->viewport());
    m_label = label;
    setObjectName(QLatin1StringView(kName));
    label->setObjectName(QLatin1StringView(kName));
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setAttribute(Qt::WA_TransparentForMouseEvents);
    view->viewport()->installEventFilter(this);
    // A proxy drops its rows before its source does: the source's signals count too.
    const auto *proxy = qobject_cast<const QAbstractProxyModel *>(m_model.data());
    for (QAbstractItemModel *model : {m_model.data(), proxy ? proxy->sourceModel() : nullptr}) {
        if (!model)
            continue;
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
    m_text = text;
    update();
}

bool EmptyState::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize)
        update();
    return QObject::eventFilter(watched, event);
}

void EmptyState::update()
{
    QLabel *label = m_label.data();
    if (!label)
        return;
    const QAbstractItemModel *model = m_model.data();
    const bool empty = !model || model->rowCount() == 0;
    const auto *proxy = qobject_cast<const QAbstractProxyModel *>(model);
    const QAbstractItemModel *source = proxy ? proxy->sourceModel() : nullptr;
    const bool filtered = source && source->rowCount() > 0 && !m_filteredText.isEmpty();
    label->setText(filtered ? m_filteredText : m_text);
    if (QWidget *viewport = label->parentWidget())
        label->setGeometry(viewport->rect().adjusted(8, 8, -8, -8));
    label->setVisible(empty);
}

} // namespace sluice
