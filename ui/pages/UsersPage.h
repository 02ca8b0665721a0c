#pragma once

#include "protocol/ApiTypes.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;

namespace sluice {

class Backend;
class BurnDownWidget;
class Clock;
class UserListPanel;

/// Users (support): the users the gateway knows (UserListPanel: by id prefix as it is typed,
/// recent or top by usage today), and one user looked up: tier, used and limit today,
/// remaining, a live countdown to the reset, spend, recent rejections and a burn-down at
/// today's rate. Admins can pin the user's tier. A user the gateway has not seen says so
/// instead of showing an empty card.
class UsersPage : public QWidget
{
    Q_OBJECT

public:
    /// `clock` drives the countdown; it must outlive the page.
    UsersPage(Backend &backend, const Clock &clock, QWidget *parent = nullptr);

    void search(const QString &user);
    /// Reads the user list and the user looked up last again.
    void refresh();
    /// Redraws the countdown and burn-down for the clock's time.
    void updateCountdown();

    QLineEdit *searchBox() const { return m_search; }
    QLabel *messageLabel() const { return m_message; }
    UserListPanel *userList() const { return m_list; }
    /// The card of the user looked up; hidden while there is none (or none seen).
    QWidget *resultCard() const { return m_result; }
    QProgressBar *usageBar() const { return m_usage; }
    QLabel *countdownLabel() const { return m_countdown; }
    QLabel *forecastLabel() const { return m_forecast; }
    QLabel *spendLabel() const { return m_spend; }
    QComboBox *tierSelector() const { return m_tier; }
    QPushButton *setTierButton() const { return m_setTier; }
    QTableWidget *rejections() const { return m_rejections; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void show(const UserDetails &details);
    void changeTier();
    void updateRole();

    Backend &m_backend;
    const Clock &m_clock;
    std::optional<UserDetails> m_details;
    QString m_lookedUp; ///< the last id searched for
    QLineEdit *m_search;
    UserListPanel *m_list;
    QLabel *m_message;
    QWidget *m_result;
    QLabel *m_user;
    QLabel *m_tierLabel;
    QProgressBar *m_usage;
    QLabel *m_remaining;
    QLabel *m_countdown;
    QLabel *m_tokens;
    QLabel *m_spend;
    QLabel *m_live;
    QComboBox *m_tier;
    QPushButton *m_setTier;
    BurnDownWidget *m_burnDown;
    QLabel *m_forecast;
    QTableWidget *m_rejections;
    QTimer *m_timer;
};

} // namespace sluice
