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

/// Users (support): look up one user: tier, used and limit today, remaining, a live
/// countdown to the reset, spend, recent rejections and a burn-down at today's rate.
/// Admins can pin the user's tier.
class UsersPage : public QWidget
{
    Q_OBJECT

public:
    /// `clock` drives the countdown; it must outlive the page.
    UsersPage(Backend &backend, const Clock &clock, QWidget *parent = nullptr);

    void search(const QString &user);
    /// Redraws the countdown and burn-down for the clock's time.
    void updateCountdown();

    QLineEdit *searchBox() const { return m_search; }
    QLabel *messageLabel() const { return m_message; }
    QProgressBar *usageBar() const { return m_usage; }
    QLabel *countdownLabel() const { return m_countdown; }
    QLabel *forecastLabel() const { return m_forecast; }
    QLabel *spendLabel() const { return m_spend; }
    QComboBox *tierSelector() const { return m_tier; }
    QPushButton *setTierButton() const { return m_setTier; }
    QTableWidget *rejections() const { return m_rejections; }

private:
    void show(const UserDetails &details);
    void changeTier();
    void updateRole();

    Backend &m_backend;
    const Clock &m_clock;
    std::optional<UserDetails> m_details;
    QLineEdit *m_search;
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
