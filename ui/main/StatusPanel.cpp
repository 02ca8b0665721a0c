#include "main/StatusPanel.h"

#include "backend/Backend.h"
#include "protocol/WireRecords.h"
#include "widgets/DisplayText.h"
#include "widgets/RolePolicy.h"
#include "widgets/ThemedIcons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>

namespace sluice {

using namespace Qt::StringLiterals;

StatusPanel::StatusPanel(QWidget *parent)
    : QWidget(parent)
    , m_dot(new QLabel(this))
    , m_connection(new QLabel(this))
    , m_role(new QLabel(this))
    , m_rate(new QLabel(this))
    , m_timer(new QTimer(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_dot);
    layout->addWidget(m_connection);
    layout->addSpacing(16);
    layout->addWidget(m_role);
    layout->addSpacing(16);
    layout->addWidget(m_rate);
    m_rate->setMinimumWidth(m_rate->fontMetrics().horizontalAdvance(u"updates: 000/s"_s));
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &StatusPanel::sampleRate);
    m_timer->start();
    update();
}

void StatusPanel::setBackend(Backend *backend, const QString &gatewayName)
{
    if (m_backend)
        disconnect(m_backend, nullptr, this, nullptr);
    m_backend = backend;
    m_name = gatewayName;
    m_updates = 0;
    if (backend) {
        connect(backend, &Backend::snapshotChanged, this, [this] { ++m_updates; });
        connect(backend, &Backend::connectionStateChanged, this, &StatusPanel::update);
    }
    m_rate->setText(u"updates: -"_s);
    update();
}

QString StatusPanel::connectionText() const
{
    return m_connection->text();
}

QString StatusPanel::roleText() const
{
    return m_role->text();
}

QString StatusPanel::rateText() const
{
    return m_rate->text();
}

void StatusPanel::update()
{
    if (!m_backend) {
        m_dot->setPixmap(ThemedIcons::stateDot(ConnectionState::Connecting).pixmap(12, 12));
        m_connection->setText(m_name.isEmpty() ? u"No gateway"_s
                                               : QString(m_name % u": connecting"_s));
        m_role->setText(u"role: -"_s);
        return;
    }
    const ConnectionState state = m_backend->connectionState();
    m_dot->setPixmap(ThemedIcons::stateDot(state).pixmap(12, 12));
    m_connection->setText(m_name % u": "_s % display::connectionState(state));
    m_role->setText(u"role: "_s % roleName(m_backend->role()));
    m_role->setToolTip(u"What this gateway's API key may do."_s);
}

void StatusPanel::sampleRate()
{
    if (m_backend)
        m_rate->setText(u"updates: "_s % QString::number(m_updates) % u"/s"_s);
    m_updates = 0;
}

} // namespace sluice
