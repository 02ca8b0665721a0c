#pragma once

#include "protocol/ApiTypes.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;
class QTimer;

namespace sluice {

class Backend;
class Clock;
class UserListModel;

/// Support's way into the Users page without knowing an exact id: the users the gateway
/// knows, narrowed by an id prefix as it is typed, the most recently seen or the most
/// requests today first (Backend::userList, GET /v1/users). Choosing a row looks it up.
class UserListPanel : public QWidget
{
    Q_OBJECT

public:
    /// How many users one answer shows; a prefix narrows the rest.
    static constexpr qint64 kPageSize = 100;

    /// `clock` gives the wall time "last seen" counts from; it must outlive the panel.
    UserListPanel(Backend &backend, const Clock &clock, QWidget *parent = nullptr);

    /// Lists the users whose id starts with `prefix`, after a short pause for more typing.
    void setPrefix(const QString &prefix);
    /// Asks the backend again now.
    void refresh();

    QComboBox *orderBox() const { return m_order; }
    QTableView *view() const { return m_view; }
    UserListModel *model() const { return m_model; }
    QLabel *summaryLabel() const { return m_summary; }

signals:
    void userChosen(const QString &user);

private:
    void show(const UserList &list, const QString &prefix);

    Backend &m_backend;
    const Clock &m_clock;
    UserListModel *m_model;
    QComboBox *m_order;
    QTableView *m_view;
    QLabel *m_summary;
    QTimer *m_typing;
    QString m_prefix;
    quint64 m_asked = 0; ///< the latest request: older answers are dropped
};

} // namespace sluice
