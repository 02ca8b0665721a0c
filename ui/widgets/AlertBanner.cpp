#include "widgets/AlertBanner.h"

#include "widgets/LevelColors.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace sluice {

using namespace Qt::StringLiterals;

AlertBanner::AlertBanner(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_show(new QPushButton(u"Show alerts"_s, this))
{
    setAutoFillBackground(true);
    setFrameShape(QFrame::StyledPanel);
    m_text->setWordWrap(true);
    QFont bold = m_text->font();
    bold.setBold(true);
    m_text->setFont(bold);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_show);
    connect(m_show, &QPushButton::clicked, this, &AlertBanner::showAlertsRequested);
    applyPalette();
    hide();
}

void AlertBanner::setAlerts(const QList<AlertRecord> &active)
{
    QStringList messages;
    TroubleLevel level = TroubleLevel::Warning;
    for (const AlertRecord &alert : active) {
        if (alert.clearedAt == 0 && alert.ackedAt == 0 && alert.metric != u"test") {
            messages << alert.message;
            if (alert.peak >= 1.0)
                level = TroubleLevel::Critical;
        }
    }
    if (level != m_level) {
        m_level = level;
        applyPalette();
    }
    if (messages.isEmpty()) {
        hide();
        m_text->clear();
        return;
    }
    const QString head = messages.size() == 1
                             ? u"⚠ Alert firing: "_s
                             : u"⚠ "_s % QString::number(messages.size()) % u" alerts firing: "_s;
    const qsizetype shown = std::min<qsizetype>(messages.size(), 3);
    QString text = head % messages.mid(0, shown).join(u"; "_s);
    if (messages.size() > shown)
        text += u"; and "_s % QString::number(messages.size() - shown) % u" more"_s;
    m_text->setText(text);
    show();
}

QString AlertBanner::text() const
{
    return m_text->text();
}

void AlertBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::ApplicationPaletteChange)
        applyPalette();
}

void AlertBanner::applyPalette()
{
    QPalette pal = QApplication::palette(this);
    pal.setColor(QPalette::Window, LevelColors::fill(m_level, pal));
    pal.setColor(QPalette::WindowText, LevelColors::onFill(m_level));
    setPalette(pal);
}

} // namespace sluice
