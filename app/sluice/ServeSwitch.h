#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace sluice {

/// The status bar's switch for serving the embedded engine's API to local applications:
/// a checkable button and what happened ("API on http://127.0.0.1:8787", "API off", or why
/// it could not be served, e.g. the port is taken).
class ServeSwitch : public QWidget
{
    Q_OBJECT

public:
    /// What the label says between a request and the engine thread's answer.
    static inline const QString kStarting = QStringLiteral("API starting\u2026");

    explicit ServeSwitch(QWidget *parent = nullptr);

    void showStarting();
    void showServing(quint16 port);
    /// Not serving: switched off (empty `why`) or failed to start (`why` says why).
    void showNotServing(const QString &why);
    QToolButton *button() const { return m_button; }
    QString text() const;

signals:
    /// People flipped the switch.
    void toggled(bool on);

private:
    QToolButton *m_button;
    QLabel *m_label;
};

} // namespace sluice
