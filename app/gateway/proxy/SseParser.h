#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace sluice {

/// Splits a server-sent event stream (text/event-stream, WHATWG HTML "Parsing an event
/// stream") into events incrementally, whatever the chunk boundaries: lines end in CRLF, LF
/// or CR; `data:` lines join with LF; `event:` names the event; comments and other fields
/// are skipped. An event whose data exceeds maxEventBytes is dropped whole, and a line longer
/// than that (plus "data: ") is skipped whatever its field, so a hostile
/// stream cannot grow memory without bound. Not thread-safe; cheap to copy.
class SseParser
{
public:
    struct Event
    {
        QByteArray name; ///< empty: the default ("message")
        QByteArray data;
    };
    using EventHandler = std::function<void(const Event &event)>;

    static constexpr qsizetype kDefaultMaxEventBytes = 1 << 20;

    explicit SseParser(qsizetype maxEventBytes = kDefaultMaxEventBytes)
        : m_maxEventBytes(maxEventBytes)
    {}

    /// Parses `bytes`, calling `onEvent` for each event completed by them.
    void feed(QByteArrayView bytes, const EventHandler &onEvent);
    /// Bytes of an event that has not ended yet were fed: a stream that stops here was cut.
    bool midEvent() const { return !m_line.isEmpty() || m_hasData || !m_name.isEmpty(); }

private:
    void line(QByteArrayView text, const EventHandler &onEvent);

    qsizetype m_maxEventBytes;
    QByteArray m_line;
    QByteArray m_name;
    QByteArray m_data;
    bool m_hasData = false;
    bool m_tooLarge = false;
    bool m_afterCr = false;
    bool m_skipLine = false;
};

} // namespace sluice
