#include "pages/UserListPanel.h"

#include "backend/Backend.h"
#include "models/UserListModel.h"
#include "util/Clock.h"
#include "widgets/ColumnWidths.h"
#include "widgets/DisplayText.h"
#include "widgets/Guarded.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

UserListPanel::UserListPanel(Backend &backend, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_clock(clock)
    , m_model(new UserListModel(this))
    , m_order(new QComboBox(this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_typing(new QTimer(this))
{
    m_order->addItem(u"Recently seen"_s, QVariant::fromValue(int(UserOrder::Recent)));
    m_order->addItem(u"Most requests today"_s, QVariant::fromValue(int(UserOrder::Usage)));
    m_order->setAccessibleName(u"Order"_s);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(u"Known users:"_s, this));
    top->addWidget(m_order);
    top->addStretch();
    top->addWidget(m_summary);

    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    // Fitted to the first users, then left alone: a refresh never makes the columns jump.
    ColumnWidths::fitOnce(m_view);
    m_view->setTextElideMode(Qt::ElideMiddle); // ids differ at their ends

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    m_typing->setSingleShot(true);
    m_typing->setInterval(250);
    connect(m_typing, &QTimer::timeout, this, &UserListPanel::refresh);
    connect(m_order, &QComboBox::currentIndexChanged, this, &UserListPanel::refresh);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit userChosen(m_model->rowAt(index.row()).user);
    });
    connect(m_view, &QTableView::clicked, this, [this](const QModelIndex &index) {
        emit userChosen(m_model->rowAt(index.row()).user);
    });
}

void UserListPanel::setPrefix(const QString &prefix)
{
    const QString trimmed = prefix.trimmed();
    if (trimmed == m_prefix)
        return;
    m_prefix = trimmed;
    m_typing->start();
}

void UserListPanel::refresh()
{
    m_typing->stop();
    UserListQuery query;
    query.prefix = m_prefix;
    query.order = UserOrder(m_order->currentData().toInt());
    query.limit = kPageSize;
    const quint64 asked = ++m_asked;
    m_backend.userList(query, guarded<UserList>(this, [asked, prefix = m_prefix](
                                                          UserListPanel &panel, const auto &r) {
                           if (asked != panel.m_asked)
                               return;
                           if (r.ok())
                               panel.show(*r, prefix);
                           else
                               panel.m_summary->setText(u"Could not list users: "_s %
                                                        r.error().message);
                       }));
}

void UserListPanel::show(const UserList &list, const QString &prefix)
{
    m_model->setNow(m_clock.wallNow());
    m_model->setRows(list.users);
    if (list.total == 0) {
        m_summary->setText(prefix.isEmpty()
                               ? u"No users seen yet"_s
                               : QString(u"No user id starts with \""_s % prefix % u'"'));
        return;
    }
    const QString users = display::counted(list.total, u"user", u"users");
    m_summary->setText(list.total > list.users.size()
                           ? QString(u"First "_s % display::count(list.users.size()) % u" of "_s %
                                     users % u"; type more of the id to narrow"_s)
                           : users);
}

} // namespace sluice
