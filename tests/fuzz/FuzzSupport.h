#pragma once

#include <QByteArrayView>
#include <QCoreApplication>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace sluice::fuzz {

/// Reads a fuzzer input front to back: a few leading bytes choose how a target drives the
/// code (chunk sizes, a route, a limit), the rest is the payload.
class FuzzInput
{
public:
    FuzzInput(const std::uint8_t *data, std::size_t size)
        : m_data(reinterpret_cast<const char *>(data))
        , m_size(qsizetype(size))
    {}

    /// The next byte, or 0 past the end.
    std::uint8_t byte() { return m_at < m_size ? std::uint8_t(m_data[m_at++]) : 0; }
    /// Everything not read yet.
    QByteArrayView rest() const { return QByteArrayView(m_data + m_at, m_size - m_at); }

private:
    const char *m_data;
    qsizetype m_size;
    qsizetype m_at = 0;
};

/// A broken invariant: says which, then aborts so that libFuzzer keeps the input.
[[noreturn]] inline void fail(const char *what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

/// The QCoreApplication of a target that needs an event loop (timers, queued signals). Log
/// lines are dropped (a fuzzer would print thousands a second), fatal ones still abort.
inline QCoreApplication &application()
{
    static int argc = 1;
    static char name[] = "sluice-fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &text) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "qFatal: %s\n", qPrintable(text));
            std::abort();
        }
    });
    return app;
}

} // namespace sluice::fuzz
