#include "widgets/StaleStrip.h"

#include "backend/Backend.h"
#include "widgets/ThemedIcons.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>

namespace sluice {

using namespace Qt::StringLiterals;

StaleStrip::StaleStrip(Backend &backend, QWidget *parent)
    : QFrame(parent)
    , m_backend(backend)
    , m_dot(new QLabel(this))
    , m_text(new QLabel(this))
    , m_retry(new QPushButton(u"Retry now"_s, this))
    , m_tick(new QTimer(this))
{
    setObjectName(u"staleStrip"_s);
    setAutoFillBackground(true);
    setFrameShape(QFrame::StyledPanel);
    QFont bold = m_text->font();
    bold.setBold(true);
    m_text->setFont(bold);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry->setToolTip(u"Connect to the gateway now instead of waiting for the next attempt."_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_dot);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_retry);
    m_tick->setInterval(1000); // display only: the times come from the backend's clock
    connect(m_tick, &QTimer::timeout, this, &StaleStrip::refresh);
    connect(m_retry, &QPushButton::clicked, this, &StaleStrip::retry);
    connect(&backend, &Backend::connectionStateChanged, this, &StaleStrip::refresh);
    connect(&backend, &Backend::snapshotChanged, this, &StaleStrip::refresh);
    applyPalette();
    hide();
    refresh();
}

void StaleStrip::refresh()
{
    const ConnectionState state = m_backend.connectionState();
    const bool wasStale = m_staleness.stale;
    m_staleness = Staleness::assess(state, m_backend.lastUpdate(), m_backend.nextRetryAt(),
                                    m_backend.clock().now());
    const bool ticking = m_staleness.stale || state != ConnectionState::Connected;
    if (ticking != m_tick->isActive())
        ticking ? m_tick->start() : m_tick->stop();
    if (m_staleness.stale) {
        m_text->setText(m_staleness.text());
        m_dot->setPixmap(ThemedIcons::stateDot(state).pixmap(12, 12));
        m_retry->setEnabled(m_staleness.canRetry());
        applyPalette();
    }
    if (m_staleness.stale == wasStale)
        return;
    setVisible(m_staleness.stale);
    emit staleChanged(m_staleness.stale);
}

QString StaleStrip::text() const
{
    return m_staleness.stale ? m_text->text() : QString();
}

void StaleStrip::retry()
{
    m_backend.retryNow();
    refresh();
}

void StaleStrip::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::ApplicationPaletteChange)
        applyPalette();
}

void StaleStrip::applyPalette()
{
    // Amber: a warning that reads on light and dark windows; red when the key was refused.
    QPalette pal = QApplication::palette(this);
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    const bool refused = m_staleness.state == ConnectionState::AuthFailed;
    QColor back;
    QColor text;
    if (refused) {
        back = dark ? QColor(0x4a, 0x1c, 0x1f) : QColor(0xf8, 0xd7, 0xda);
        text = dark ? QColor(0xf6, 0xb8, 0xbd) : QColor(0x84, 0x20, 0x29);
    } else {
        back = dark ? QColor(0x45, 0x36, 0x0a) : QColor(0xff, 0xf0, 0xc2);
        text = dark ? QColor(0xff, 0xdf, 0x8a) : QColor(0x5c, 0x45, 0x00);
    }
    pal.setColor(QPalette::Window, back);
    pal.setColor(QPalette::WindowText, text);
    setPalette(pal);
}

} // namespace sluice
