#pragma once

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace sluice {

/// Turns SIGTERM and SIGINT into a Qt signal delivered by the event loop (the handler only
/// writes a byte to a pipe, which is async-signal-safe). One instance per process.
class UnixSignals : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

signals:
    /// SIGTERM or SIGINT arrived; `number` is the signal.
    void terminationRequested(int number);

private:
    void onReadable();

    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace sluice
