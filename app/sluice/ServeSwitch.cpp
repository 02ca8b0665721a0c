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
    connect(m_button, &QToolButton::toggled, this, &ServeSwitch::toggled);
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
    m_label->setText(u"API on http://127.0.0.1:%1"_s.arg(port));
    m_label->setToolTip({});
}

void ServeSwitch::showNotServing(const QString &why)
{
    const QSignalBlocker block(m_button);
    m_button->setChecked(false);
    m_label->setText(why.isEmpty() ? u"API off"_s : u"API not served: "_s + why);
    m_label->setToolTip(why);
}

QString ServeSwitch::text() const
{
    return m_label->text();
}

} // namespace sluice
