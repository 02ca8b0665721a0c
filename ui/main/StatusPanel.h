#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QTimer;

namespace sluice {

class Backend;

/// The status bar's right side for the gateway shown: its connection state with the state
/// dot, the key's role, and how many updates per second arrive.
class StatusPanel : public QWidget
{
    Q_OBJECT

public:
    explicit StatusPanel(QWidget *parent = nullptr);

    /// The backend to describe; nullptr while none is connected yet.
    void setBackend(Backend *backend, const QString &gatewayName);
    QString connectionText() const;
    QString roleText() const;
    QString rateText() const;

private:
    void update();
    void sampleRate();

    QPointer<Backend> m_backend;
    QString m_name;
    QLabel *m_dot;
    QLabel *m_connection;
    QLabel *m_role;
    QLabel *m_rate;
    QTimer *m_timer;
    int m_updates = 0;
};

} // namespace sluice
