#pragma once

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace sluice {

/// Turns SIGTERM and SIGINT, and SIGHUP, into Qt signals delivered by the event loop (the
/// handler only writes a byte to a pipe, which is async-signal-safe). One instance per process.
class UnixSignals : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

signals:
    /// SIGTERM or SIGINT arrived; `number` is the signal.
    void terminationRequested(int number);
    /// SIGHUP arrived: read the configuration again.
    void reloadRequested();

private:
    void onReadable();

    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace sluice
