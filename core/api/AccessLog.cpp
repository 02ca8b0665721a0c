#include "api/AccessLog.h"

#include "protocol/WireEngine.h"
#include "util/LogEscape.h"

#include <QDateTime>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
/// "2026-01-01T10:00:00.123Z"; the part up to the second is formatted once per second.
QString timestamp(TimeMs at)
{
    thread_local qint64 cachedSecond = -1;
    thread_local QString cachedPrefix;
    const qint64 second = at >= 0 ? at / 1000 : (at - 999) / 1000;
    if (second != cachedSecond) {
        cachedSecond = second;
        cachedPrefix =
            QDateTime::fromSecsSinceEpoch(second, Qt::UTC).toString(u"yyyy-MM-ddTHH:mm:ss."_s);
    }
    const int millis = int(at - second * 1000); // 0 to 999
    const char16_t rest[] = {char16_t(u'0' + millis / 100), char16_t(u'0' + millis / 10 % 10),
                             char16_t(u'0' + millis % 10), u'Z'};
    return cachedPrefix + QStringView(rest, 4);
}
} // namespace

AccessLog::AccessLog(Format format, QIODevice *out, int flushIntervalMs, QObject *parent)
    : QObject(parent)
    , m_format(format)
    , m_out(out)
{
    m_timer.setInterval(flushIntervalMs);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &AccessLog::flush);
}

AccessLog::~AccessLog()
{
    flush();
}

std::optional<AccessLog::Format> AccessLog::formatFromName(QStringView name)
{
    if (name == u"plain")
        return Format::Plain;
    if (name == u"json")
        return Format::Json;
    return std::nullopt;
}

void AccessLog::request(const RequestLine &line)
{
    const QString method = methodName(line.method);
    if (m_format == Format::Json) {
        QJsonObject object{
            {u"ts"_s, timestamp(line.at)}, {u"kind"_s, u"request"_s}, {u"peer"_s, line.peer},
            {u"method"_s, method},         {u"path"_s, line.path},    {u"status"_s, line.status},
            {u"us"_s, line.micros},
        };
        if (!line.error.isEmpty())
            object.insert(u"error"_s, line.error);
        if (!line.actor.isEmpty())
            object.insert(u"actor"_s, line.actor);
        append(QJsonDocument(object).toJson(QJsonDocument::Compact));
        return;
    }
    QString text = timestamp(line.at) + u" request "_s + logValue(line.peer) + u' ' + method +
                   u' ' + logValue(line.path) + u' ' + QString::number(line.status);
    if (!line.error.isEmpty())
        text += u" error="_s + logValue(line.error);
    if (!line.actor.isEmpty())
        text += u" actor="_s + logValue(line.actor);
    text += u" us="_s + QString::number(line.micros);
    append(text.toUtf8());
}

void AccessLog::decision(TimeMs at, const AcquireRequest &request, const Decision &decision)
{
    const QString outcome = outcomeName(decision.outcome);
    const QString reason =
        decision.reason == Reason::None ? QString() : reasonCode(decision.reason);
    const QString id = decision.id ? formatRequestId(decision.id) : QString();
    if (m_format == Format::Json) {
        QJsonObject object{
            {u"ts"_s, timestamp(at)},  {u"kind"_s, u"decision"_s}, {u"pool"_s, request.pool},
            {u"user"_s, request.user}, {u"outcome"_s, outcome},
        };
        if (!reason.isEmpty())
            object.insert(u"reason"_s, reason);
        if (!id.isEmpty())
            object.insert(u"id"_s, id);
        if (decision.queued()) {
            object.insert(u"position"_s, decision.position);
            if (decision.estimatedWaitMs)
                object.insert(u"wait_ms"_s, *decision.estimatedWaitMs);
        }
        if (decision.rejected() && decision.retryAfterMs > 0)
            object.insert(u"retry_after_ms"_s, decision.retryAfterMs);
        append(QJsonDocument(object).toJson(QJsonDocument::Compact));
        return;
    }
    QString text = timestamp(at) + u" decision pool="_s + logValue(request.pool) + u" user="_s +
                   logValue(request.user) + u" outcome="_s + outcome;
    if (!reason.isEmpty())
        text += u" reason="_s + reason;
    if (!id.isEmpty())
        text += u" id="_s + id;
    if (decision.queued())
        text += u" position=%1 wait_ms=%2"_s.arg(
            QString::number(decision.position),
            decision.estimatedWaitMs ? QString::number(*decision.estimatedWaitMs) : u"paused"_s);
    if (decision.rejected() && decision.retryAfterMs > 0)
        text += u" retry_after_ms="_s + QString::number(decision.retryAfterMs);
    append(text.toUtf8());
}

void AccessLog::alert(TimeMs at, const AlertEvent &event)
{
    static const char *const kinds[] = {"fired", "cleared", "acknowledged", "test"};
    const QString kind = QString::fromLatin1(kinds[int(event.kind)]);
    const AlertRecord &record = event.record;
    if (m_format == Format::Json) {
        append(QJsonDocument(QJsonObject{
                                 {u"ts"_s, timestamp(at)},
                                 {u"kind"_s, u"alert"_s},
                                 {u"event"_s, kind},
                                 {u"id"_s, record.id},
                                 {u"metric"_s, record.metric},
                                 {u"target"_s, record.target},
                                 {u"peak"_s, record.peak},
                                 {u"message"_s, record.message},
                             })
                   .toJson(QJsonDocument::Compact));
        return;
    }
    append((timestamp(at) + u" alert event="_s + kind + u" id="_s + QString::number(record.id) +
            u" metric="_s + logValue(record.metric) + u" target="_s + logValue(record.target) +
            u" message="_s + logValue(record.message))
               .toUtf8());
}

void AccessLog::append(const QByteArray &line)
{
    m_buffer += line;
    m_buffer += '\n';
    if (m_buffer.size() >= kBufferBytes)
        flush();
    else if (!m_timer.isActive())
        m_timer.start();
}

void AccessLog::flush()
{
    m_timer.stop();
    if (m_buffer.isEmpty() || !m_out)
        return;
    m_out->write(m_buffer);
    m_buffer.clear();
}

} // namespace sluice
