#pragma once

#include "widgets/Staleness.h"

#include <QFrame>

class QLabel;
class QPushButton;
class QTimer;

namespace sluice {

class Backend;

/// The strip over a gateway's pages while its data are stale (Staleness): the connection
/// state, how old the data are, the countdown to the next attempt and "Retry now". Hidden
/// while the data are live. It reads the backend again when its state or snapshot changes
/// and, while the connection is down, every second so that the age and the countdown tick;
/// the times come from the backend's clock, so tests move them without waiting.
class StaleStrip : public QFrame
{
    Q_OBJECT

public:
    explicit StaleStrip(Backend &backend, QWidget *parent = nullptr);

    /// Reads the backend and the clock again; shows or hides the strip.
    void refresh();
    const Staleness &staleness() const { return m_staleness; }
    bool isStale() const { return m_staleness.stale; }
    QString text() const;
    QPushButton *retryButton() const { return m_retry; }

signals:
    void staleChanged(bool stale);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retry();
    void applyPalette();

    Backend &m_backend;
    QLabel *m_dot;
    QLabel *m_text;
    QPushButton *m_retry;
    QTimer *m_tick;
    Staleness m_staleness;
};

} // namespace sluice
