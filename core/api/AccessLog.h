#pragma once

#include "alerts/AlertEvent.h"
#include "engine/Decision.h"
#include "engine/EngineTypes.h"
#include "protocol/ApiRequest.h"

#include <QObject>
#include <QTimer>

class QIODevice;

namespace sluice {

/// The gateway's log: one line per request, one per admission decision and one per alert
/// event (the alerts' log sink), as plain text or JSON lines. It names keys by their name and users
/// by their id, and never writes a key, a body or a prompt. Lines are buffered and written at least
/// every flushIntervalMs, when the buffer passes kBufferBytes, and on destruction. Threading: the
/// thread that owns it; `out` must outlive it.
class AccessLog : public QObject
{
    Q_OBJECT

public:
    enum class Format : quint8
    {
        Plain,
        Json
    };
    static constexpr qsizetype kBufferBytes = 64 * 1024;

    struct RequestLine
    {
        TimeMs at = 0;
        QString peer;
        HttpMethod method = HttpMethod::Get;
        QString path;
        int status = 0;
        QString error; ///< error code, if any
        QString actor; ///< key name; empty without a key
        qint64 micros = 0;
    };

    AccessLog(Format format, QIODevice *out, int flushIntervalMs = 200, QObject *parent = nullptr);
    ~AccessLog() override;

    void request(const RequestLine &line);
    void decision(TimeMs at, const AcquireRequest &request, const Decision &decision);
    void alert(TimeMs at, const AlertEvent &event);
    /// Writes what is buffered now.
    void flush();

    static std::optional<Format> formatFromName(QStringView name);

private:
    void append(const QByteArray &line);

    Format m_format;
    QIODevice *m_out;
    QByteArray m_buffer;
    QTimer m_timer;
};

} // namespace sluice
