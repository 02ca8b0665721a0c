#include "SseParser.h"

namespace sluice {

namespace {
/// "data: ": a line longer than the limit by more than this cannot hold data that fits.
constexpr qsizetype kFieldSlack = 6;
} // namespace

void SseParser::feed(QByteArrayView bytes, const EventHandler &onEvent)
{
    qsizetype start = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\r' && c != '\n')
            continue;
        if (c == '\n' && m_afterCr && i == start && m_line.isEmpty()) {
            m_afterCr = false; // the LF of a CRLF split from its CR
            start = i + 1;
            continue;
        }
        if (m_skipLine) {
            m_skipLine = false; // the end of a line too long to keep
        } else {
            m_line += bytes.sliced(start, i - start);
            line(m_line, onEvent);
        }
        m_line.clear();
        m_afterCr = c == '\r';
        if (m_afterCr && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
            ++i;
            m_afterCr = false;
        }
        start = i + 1;
    }
    if (start < bytes.size()) {
        m_afterCr = false;
        const QByteArrayView rest = bytes.sliced(start);
        if (m_skipLine)
            return;
        if (m_line.size() + rest.size() > m_maxEventBytes + kFieldSlack) {
            // Too long to keep: skip it to its end, as line() ignores one that came whole.
            QByteArray head = m_line;
            head += rest.first(std::min<qsizetype>(rest.size(), 5));
            if (head.startsWith("data:"))
                m_tooLarge = true;
            m_skipLine = true;
            m_line.clear();
            return;
        }
        m_line += rest;
    }
}

void SseParser::line(QByteArrayView text, const EventHandler &onEvent)
{
    if (text.isEmpty()) {
        if (m_hasData && !m_tooLarge)
            onEvent({m_name, m_data});
        m_name.clear();
        m_data.clear();
        m_hasData = false;
        m_tooLarge = false;
        return;
    }
    if (text.startsWith(':'))
        return;
    if (text.size() > m_maxEventBytes + kFieldSlack) {
        if (text.startsWith("data:"))
            m_tooLarge = true;
        return;
    }
    const qsizetype colon = text.indexOf(':');
    const QByteArrayView field = colon < 0 ? text : text.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : text.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "event") {
        m_name = value.toByteArray();
    } else if (field == "data") {
        if (m_data.size() + value.size() + 1 > m_maxEventBytes) {
            m_tooLarge = true;
            m_data.clear();
        } else if (!m_tooLarge) {
            if (m_hasData)
                m_data += '\n';
            m_data += value;
        }
        m_hasData = true;
    }
}

} // namespace sluice
