#include "UsageMeter.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sluice {

void UsageMeter::begin(QByteArrayView contentType)
{
    const QByteArray type = contentType.toByteArray().toLower();
    m_json.clear();
    m_sse = SseParser();
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
        m_sse.feed(data, [this](const SseParser::Event &event) { readEvent(event); });
        return;
    }
}

void UsageMeter::finish()
{
    if (m_mode == Mode::Json) {
        const QJsonDocument document = QJsonDocument::fromJson(m_json);
        if (document.isObject())
            readObject(document.object());
    }
    m_json.clear();
    m_mode = Mode::Ignore;
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
    const auto count = [&usage](const QString &key, qint64 *into) {
        const QJsonValue value = usage.value(key);
        if (value.isDouble() && value.toDouble() >= 0)
            *into = value.toInteger();
    };
    count(u"input_tokens"_s, &m_input);
    count(u"output_tokens"_s, &m_output);
    count(u"prompt_tokens"_s, &m_input);
    count(u"completion_tokens"_s, &m_output);
}

} // namespace sluice
