#include "ServeSwitch.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>

namespace sluice {

using namespace Qt::StringLiterals;

ServeSwitch::ServeSwitch(QWidget *parent)
    : QWidget(parent)
    , m_button(new QToolButton(this))
    , m_label(new QLabel(this))
{
    m_button->setCheckable(true);
    m_button->setText(u"Serve API"_s);
    m_button->setAutoRaise(true);
    m_button->setToolTip(
        u"Serve the Local engine's gateway API on 127.0.0.1, so that applications on "
        u"this computer can acquire slots from it (the choice is remembered)"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_button);
    layout->addWidget(m_label);
    connect(m_button, &QToolButton::toggled, this, &ServeSwitch::onToggled);
}

QString ServeSwitch::address(quint16 port)
{
    return u"http://127.0.0.1:%1"_s.arg(port);
}

void ServeSwitch::onToggled(bool on)
{
    if (!on && m_servingPort != 0 &&
        !m_confirm(this, u"Stop serving the API"_s,
                   u"Stop serving the Local engine's API on %1? Applications on this computer "
                   u"that use it get connection errors until it is served again."_s.arg(
                       address(m_servingPort)))) {
        const QSignalBlocker block(m_button);
        m_button->setChecked(true);
        return;
    }
    emit toggled(on);
}

void ServeSwitch::showStarting()
{
    m_label->setText(kStarting);
    m_label->setToolTip({});
}

void ServeSwitch::showServing(quint16 port)
{
    const QSignalBlocker block(m_button);
    m_button->setChecked(true);
    m_servingPort = port;
    m_label->setText(u"API on "_s + address(port));
    m_label->setToolTip({});
}

void ServeSwitch::showNotServing(const QString &why)
{
    const QSignalBlocker block(m_button);
    m_button->setChecked(false);
    m_servingPort = 0;
    m_label->setText(why.isEmpty() ? u"API off"_s : u"API not served: "_s + why);
    m_label->setToolTip(why);
}

QString ServeSwitch::text() const
{
    return m_label->text();
}

} // namespace sluice
