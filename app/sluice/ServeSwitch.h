#pragma once

#include "widgets/Confirm.h"

#include <QWidget>

class QLabel;
class QToolButton;

namespace sluice {

/// The status bar's switch for serving the embedded engine's API to local applications:
/// a checkable button and what happened ("API on http://127.0.0.1:8787", "API off", or why
/// it could not be served, e.g. the port is taken). Turning it off while it serves asks
/// first: applications on this computer may depend on it.
class ServeSwitch : public QWidget
{
    Q_OBJECT

public:
    /// What the label says between a request and the engine thread's answer.
    static inline const QString kStarting = QStringLiteral("API starting\u2026");

    explicit ServeSwitch(QWidget *parent = nullptr);

    /// Where the API is served on `port`: "http://127.0.0.1:8787".
    static QString address(quint16 port);
    /// Replaces the question box (tests answer without a modal dialog).
    void setConfirm(ConfirmFn confirm) { m_confirm = std::move(confirm); }

    void showStarting();
    void showServing(quint16 port);
    /// Not serving: switched off (empty `why`) or failed to start (`why` says why).
    void showNotServing(const QString &why);
    QToolButton *button() const { return m_button; }
    QString text() const;

signals:
    /// People flipped the switch (and confirmed turning it off).
    void toggled(bool on);

private:
    void onToggled(bool on);

    ConfirmFn m_confirm = messageBoxConfirm();
    quint16 m_servingPort = 0; ///< 0: not serving
    QToolButton *m_button;
    QLabel *m_label;
};

} // namespace sluice
