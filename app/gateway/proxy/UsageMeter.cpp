#include "UsageMeter.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sluice {

void UsageMeter::begin(QByteArrayView contentType)
{
    const QByteArray type = contentType.toByteArray().toLower();
    m_json.clear();
    m_sse = SseParser();
    m_events = 0;
    m_problem.clear();
    m_mode = type.startsWith("text/event-stream") ? Mode::EventStream
             : type.contains("json")             ? Mode::Json
                                                 : Mode::Ignore;
}

void UsageMeter::feed(QByteArrayView data)
{
    switch (m_mode) {
    case Mode::Ignore:
        return;
    case Mode::Json:
        if (m_json.size() + data.size() > m_maxJsonBytes) {
            m_mode = Mode::Ignore;
            m_json.clear();
            return;
        }
        m_json += data;
        return;
    case Mode::EventStream:
        m_sse.feed(data, [this](const SseParser::Event &event) {
            ++m_events;
            readEvent(event);
        });
        return;
    }
}

void UsageMeter::finish()
{
    if (m_mode == Mode::Json) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(m_json, &error);
        if (m_json.trimmed().isEmpty())
            setProblem(u"the upstream's JSON answer is empty"_s);
        else if (error.error != QJsonParseError::NoError)
            setProblem(u"the upstream's JSON answer is malformed or cut off (%1 at byte %2)"_s.arg(
                error.errorString())
                           .arg(error.offset));
        else if (document.isObject())
            readObject(document.object());
    } else if (m_mode == Mode::EventStream) {
        if (m_sse.midEvent())
            setProblem(u"the upstream's event stream stopped inside an event"_s);
        else if (m_events == 0)
            setProblem(u"the upstream's event stream carried no event"_s);
    }
    m_json.clear();
    m_mode = Mode::Ignore;
}

void UsageMeter::setProblem(const QString &problem)
{
    if (m_problem.isEmpty())
        m_problem = problem;
}

void UsageMeter::readEvent(const SseParser::Event &event)
{
    // Anthropic names its events; only these two carry usage. OpenAI sends unnamed events.
    if (!event.name.isEmpty() && event.name != "message_start" && event.name != "message_delta")
        return;
    if (!event.data.startsWith('{'))
        return;  // e.g. OpenAI's closing "[DONE]"
    const QJsonDocument document = QJsonDocument::fromJson(event.data);
    if (!document.isObject())
        return;
    const QJsonObject object = document.object();
    const QString type = object.value(u"type"_s).toString();
    if (type == u"message_start")
        readObject(object.value(u"message"_s).toObject());
    else
        readObject(object);
}

void UsageMeter::readObject(const QJsonObject &object)
{
    const QString model = object.value(u"model"_s).toString();
    if (!model.isEmpty())
        m_model = model;
    const QJsonValue usage = object.value(u"usage"_s);
    if (usage.isObject())
        readUsage(usage.toObject());
}

void UsageMeter::readUsage(const QJsonObject &usage)
{
    const auto count = [this, &usage](const QString &key, qint64 *into) {
        const QJsonValue value = usage.value(key);
        if (value.isUndefined() || value.isNull())
            return;
        const double number = value.toDouble(-1);
        if (!value.isDouble() || number < 0 || number > double(kMaxTokens)
            || number != std::floor(number)) {
            const QByteArray shown =
                QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1).mid(1);
            return setProblem(u"the upstream reported usage.%1 = %2, not a token count from 0 "
                              "to %3"_s.arg(key, QString::fromUtf8(shown.left(40)))
                                  .arg(kMaxTokens));
        }
        *into = qint64(number);
    };
    count(u"input_tokens"_s, &m_input);
    count(u"output_tokens"_s, &m_output);
    count(u"prompt_tokens"_s, &m_input);
    count(u"completion_tokens"_s, &m_output);
}

} // namespace sluice
