#include "pages/UsersPage.h"

#include "backend/Backend.h"
#include "cost/PriceTable.h"
#include "pages/UserListPanel.h"
#include "util/Clock.h"
#include "widgets/BurnDownWidget.h"
#include "widgets/DisplayText.h"
#include "widgets/EmptyState.h"
#include "widgets/Guarded.h"
#include "widgets/RolePolicy.h"
#include "widgets/ThemedIcons.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

UsersPage::UsersPage(Backend &backend, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_clock(clock)
    , m_search(new QLineEdit(this))
    , m_list(new UserListPanel(backend, clock, this))
    , m_message(new QLabel(this))
    , m_result(new QWidget(this))
    , m_user(new QLabel(this))
    , m_tierLabel(new QLabel(this))
    , m_usage(new QProgressBar(this))
    , m_remaining(new QLabel(this))
    , m_countdown(new QLabel(this))
    , m_tokens(new QLabel(this))
    , m_spend(new QLabel(this))
    , m_live(new QLabel(this))
    , m_tier(new QComboBox(this))
    , m_setTier(new QPushButton(u"Set tier"_s, this))
    , m_burnDown(new BurnDownWidget(this))
    , m_forecast(new QLabel(this))
    , m_rejections(new QTableWidget(0, 4, this))
    , m_timer(new QTimer(this))
{
    m_search->setPlaceholderText(u"User id or its start, e.g. user-3"_s);
    m_search->setClearButtonEnabled(true);
    auto *go = new QPushButton(ThemedIcons::icon(u"search"_s), u"Look up"_s, this);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(go);

    auto *tierRow = new QHBoxLayout;
    tierRow->addWidget(m_tierLabel);
    tierRow->addSpacing(16);
    tierRow->addWidget(m_tier);
    tierRow->addWidget(m_setTier);
    tierRow->addStretch();
    auto *quota = new QGroupBox(u"Today"_s, m_result);
    auto *form = new QFormLayout(quota);
    form->addRow(u"User:"_s, m_user);
    form->addRow(u"Tier:"_s, tierRow);
    form->addRow(u"Used / limit:"_s, m_usage);
    form->addRow(u"Remaining:"_s, m_remaining);
    form->addRow(u"Resets in:"_s, m_countdown);
    form->addRow(u"Tokens:"_s, m_tokens);
    form->addRow(u"Spend:"_s, m_spend);
    form->addRow(u"Now:"_s, m_live);

    auto *burn = new QGroupBox(u"Burn-down"_s, m_result);
    auto *burnLayout = new QVBoxLayout(burn);
    burnLayout->addWidget(m_burnDown, 1);
    burnLayout->addWidget(m_forecast);
    m_forecast->setWordWrap(true);

    m_rejections->setHorizontalHeaderLabels({u"When"_s, u"Pool"_s, u"Reason"_s, u"Message"_s});
    m_rejections->verticalHeader()->hide();
    m_rejections->horizontalHeader()->setStretchLastSection(true);
    m_rejections->setEditTriggers(QAbstractItemView::NoEditTriggers);
    EmptyState::install(m_rejections, u"No recent rejections"_s);
    auto *rejected = new QGroupBox(u"Recent rejections"_s, m_result);
    auto *rejectedLayout = new QVBoxLayout(rejected);
    rejectedLayout->addWidget(m_rejections);

    auto *top = new QHBoxLayout;
    top->addWidget(quota, 1);
    top->addWidget(burn, 1);
    auto *resultLayout = new QVBoxLayout(m_result);
    resultLayout->setContentsMargins(0, 0, 0, 0);
    resultLayout->addLayout(top);
    resultLayout->addWidget(rejected, 1);
    m_result->hide();

    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_message);
    detailsLayout->addWidget(m_result, 1);
    detailsLayout->addStretch();
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_list);
    split->addWidget(details);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({400, 600}); // the card needs the room; the list shows five columns
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(searchRow);
    layout->addWidget(split, 1);

    connect(go, &QPushButton::clicked, this, [this] { search(m_search->text()); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] { search(m_search->text()); });
    connect(m_search, &QLineEdit::textEdited, m_list, &UserListPanel::setPrefix);
    connect(m_list, &UserListPanel::userChosen, this, &UsersPage::search);
    connect(m_setTier, &QPushButton::clicked, this, &UsersPage::changeTier);
    connect(&m_backend, &Backend::connectionStateChanged, this, [this](ConnectionState state) {
        updateRole();
        if (state == ConnectionState::Connected)
            m_list->refresh();
    });
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &UsersPage::updateCountdown);
    updateRole();
    m_list->refresh();
}

void UsersPage::search(const QString &user)
{
    const QString id = user.trimmed();
    if (id.isEmpty()) {
        m_message->setText(u"Enter a user id."_s);
        return;
    }
    m_search->setText(id);
    m_lookedUp = id;
    m_message->setText(u"Looking up "_s % id % u"…"_s);
    m_backend.userDetails(id, guarded<UserDetails>(this, [id](UsersPage &page, const auto &r) {
                              page.m_details.reset();
                              page.m_result->hide();
                              page.m_timer->stop();
                              if (!r.ok()) {
                                  page.m_message->setText(id % u": "_s % r.error().message);
                                  return;
                              }
                              const UserDetails &details = *r;
                              if (!details.quota.known && details.history.isEmpty() &&
                                  details.recentRejections.isEmpty()) {
                                  page.m_message->setText(
                                      u"No such user seen: "_s % id %
                                      u"\nThis gateway has no request from this user in the "
                                      u"last 30 days. Check the id; the list shows the users it "
                                      u"knows."_s);
                                  return;
                              }
                              page.m_message->clear();
                              page.show(*r);
                          }));
}

void UsersPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_list->refresh(); // who was seen since the page was last shown
}

void UsersPage::refresh()
{
    m_list->refresh();
    if (!m_lookedUp.isEmpty())
        search(m_lookedUp);
}

void UsersPage::show(const UserDetails &details)
{
    m_details = details;
    const UserQuota &q = details.quota;
    m_user->setText(q.known ? q.user : q.user % u" (no request since the gateway started)"_s);
    m_tierLabel->setText(q.tier % (q.tierPinned ? u" (pinned)"_s : QString()));
    m_usage->setRange(0, int(std::clamp<qint64>(q.requestLimit, 1, INT_MAX)));
    m_usage->setValue(int(std::clamp<qint64>(q.requestsToday, 0, m_usage->maximum())));
    m_usage->setFormat(display::count(q.requestsToday) % u" / "_s % display::count(q.requestLimit) %
                       u" requests"_s);
    m_remaining->setText(display::count(std::max<qint64>(q.requestLimit - q.requestsToday, 0)) %
                         u" requests"_s);
    m_tokens->setText(display::count(q.tokensToday) % u" of "_s % display::limit(q.tokenLimit));
    // The tier's daily cost limit is in USD; its credits are that limit in cents.
    m_spend->setText(display::spend(q.costNanoUsdToday, q.creditsToday) % u" of "_s %
                     (q.costLimitNanoUsd < 0
                          ? u"unlimited"_s
                          : display::spend(q.costLimitNanoUsd,
                                           PriceTable::creditsFor(q.costLimitNanoUsd))));
    m_live->setText(QString::number(q.active) % u" running, "_s % QString::number(q.waiting) %
                    u" waiting"_s);

    const QStringList tiers = [this] {
        QStringList names;
        for (const TierUsageToday &tier : m_backend.snapshot().tiers)
            names << tier.tier;
        return names;
    }();
    m_tier->clear();
    m_tier->addItems(tiers);
    m_tier->addItem(u"(unpin: default tier)"_s);
    m_tier->setCurrentIndex(std::max(0, m_tier->findText(q.tier)));

    m_rejections->setRowCount(int(details.recentRejections.size()));
    for (int row = 0; row < details.recentRejections.size(); ++row) {
        const UserDetails::Rejection &r = details.recentRejections.at(row);
        const QStringList cells{display::dateTime(r.at), r.pool, r.reason, r.message};
        for (int column = 0; column < cells.size(); ++column)
            m_rejections->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    m_rejections->resizeColumnsToContents();
    m_result->show();
    updateCountdown();
    m_timer->start();
    updateRole();
}

void UsersPage::updateCountdown()
{
    if (!m_details)
        return;
    const TimeMs now = m_clock.now();
    const UserQuota &q = m_details->quota;
    m_countdown->setText(display::duration(q.resetAt - now) % u" (at "_s %
                         display::clockTime(q.resetAt) % u')');
    const QuotaBurnDown forecast = QuotaBurnDown::forecast(q, now);
    m_burnDown->setForecast(forecast);
    m_forecast->setText(forecast.sentence());
}

void UsersPage::changeTier()
{
    if (!m_details)
        return;
    const QString user = m_details->quota.user;
    const QString tier =
        m_tier->currentIndex() == m_tier->count() - 1 ? QString() : m_tier->currentText();
    m_backend.setUserTier(user, tier, guarded<Done>(this, [user](UsersPage &page, const auto &r) {
                              if (r.ok())
                                  page.search(user);
                              else
                                  page.m_message->setText(u"Could not change the tier: "_s %
                                                          r.error().message);
                          }));
}

void UsersPage::updateRole()
{
    const Role role = m_backend.role();
    RolePolicy::gate(m_setTier, Role::Admin, role,
                     u"Pins this user's tier; it takes effect at once."_s);
    RolePolicy::gate(m_tier, Role::Admin, role);
}

} // namespace sluice
