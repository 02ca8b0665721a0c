#include "MockBodies.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sluice::test::MockBodies {
namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray sse(const QByteArray &event, const QJsonObject &data)
{
    return "event: " + event + "\ndata: " + json(data) + "\n\n";
}

QByteArray sseData(const QByteArray &data)
{
    return "data: " + data + "\n\n";
}

QString joined(const QStringList &words)
{
    return words.join(u' ');
}

QJsonObject anthropicUsage(qint64 input, qint64 output)
{
    return {{u"input_tokens"_s, input}, {u"output_tokens"_s, output}};
}

QJsonObject anthropicMessage(const MockReply &reply, const QJsonArray &content,
                             const QJsonValue &stopReason, qint64 outputTokens)
{
    return {{u"id"_s, reply.id},
            {u"type"_s, u"message"_s},
            {u"role"_s, u"assistant"_s},
            {u"model"_s, reply.model},
            {u"content"_s, content},
            {u"stop_reason"_s, stopReason},
            {u"stop_sequence"_s, QJsonValue::Null},
            {u"usage"_s, anthropicUsage(reply.inputTokens, outputTokens)}};
}

QJsonObject openAiUsage(const MockReply &reply)
{
    return {{u"prompt_tokens"_s, reply.inputTokens},
            {u"completion_tokens"_s, reply.outputTokens()},
            {u"total_tokens"_s, reply.inputTokens + reply.outputTokens()}};
}

QJsonObject openAiChunk(const MockReply &reply, const QJsonArray &choices)
{
    return {{u"id"_s, reply.id},
            {u"object"_s, u"chat.completion.chunk"_s},
            {u"created"_s, QDateTime::currentSecsSinceEpoch()},
            {u"model"_s, reply.model},
            {u"choices"_s, choices}};
}

QList<QByteArray> anthropicEvents(const MockReply &reply)
{
    QList<QByteArray> events;
    events << sse("message_start",
                  {{u"type"_s, u"message_start"_s},
                   {u"message"_s, anthropicMessage(reply, QJsonArray(), QJsonValue::Null, 1)}});
    events << sse("content_block_start",
                  {{u"type"_s, u"content_block_start"_s},
                   {u"index"_s, 0},
                   {u"content_block"_s, QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u""_s}}}});
    events << sse("ping", {{u"type"_s, u"ping"_s}});
    for (qsizetype i = 0; i < reply.words.size(); ++i) {
        const QString text = i == 0 ? reply.words[i] : u' ' + reply.words[i];
        events << sse("content_block_delta",
                      {{u"type"_s, u"content_block_delta"_s},
                       {u"index"_s, 0},
                       {u"delta"_s, QJsonObject{{u"type"_s, u"text_delta"_s}, {u"text"_s, text}}}});
    }
    events << sse("content_block_stop", {{u"type"_s, u"content_block_stop"_s}, {u"index"_s, 0}});
    events << sse("message_delta",
                  {{u"type"_s, u"message_delta"_s},
                   {u"delta"_s, QJsonObject{{u"stop_reason"_s, u"end_turn"_s},
                                            {u"stop_sequence"_s, QJsonValue::Null}}},
                   {u"usage"_s, QJsonObject{{u"output_tokens"_s, reply.outputTokens()}}}});
    events << sse("message_stop", {{u"type"_s, u"message_stop"_s}});
    return events;
}

QList<QByteArray> openAiEvents(const MockReply &reply)
{
    QList<QByteArray> events;
    for (qsizetype i = 0; i < reply.words.size(); ++i) {
        QJsonObject delta{{u"content"_s, i == 0 ? reply.words[i] : u' ' + reply.words[i]}};
        if (i == 0)
            delta.insert(u"role"_s, u"assistant"_s);
        const QJsonObject choice{{u"index"_s, 0}, {u"delta"_s, delta},
                                 {u"finish_reason"_s, QJsonValue::Null}};
        events << sseData(json(openAiChunk(reply, {choice})));
    }
    const QJsonObject last{{u"index"_s, 0}, {u"delta"_s, QJsonObject()},
                           {u"finish_reason"_s, u"stop"_s}};
    events << sseData(json(openAiChunk(reply, {last})));
    if (reply.includeUsageInStream) {
        QJsonObject usage = openAiChunk(reply, {});
        usage.insert(u"usage"_s, openAiUsage(reply));
        events << sseData(json(usage));
    }
    events << sseData("[DONE]");
    return events;
}

} // namespace

QByteArray complete(const MockReply &reply)
{
    if (reply.api == MockReply::Api::Anthropic) {
        const QJsonObject text{{u"type"_s, u"text"_s}, {u"text"_s, joined(reply.words)}};
        return json(anthropicMessage(reply, {text}, u"end_turn"_s, reply.outputTokens()));
    }
    const QJsonObject message{{u"role"_s, u"assistant"_s}, {u"content"_s, joined(reply.words)}};
    const QJsonObject choice{{u"index"_s, 0}, {u"message"_s, message},
                             {u"finish_reason"_s, u"stop"_s}};
    return json({{u"id"_s, reply.id},
                 {u"object"_s, u"chat.completion"_s},
                 {u"created"_s, QDateTime::currentSecsSinceEpoch()},
                 {u"model"_s, reply.model},
                 {u"choices"_s, QJsonArray{choice}},
                 {u"usage"_s, openAiUsage(reply)}});
}

QList<QByteArray> streamEvents(const MockReply &reply)
{
    return reply.api == MockReply::Api::Anthropic ? anthropicEvents(reply) : openAiEvents(reply);
}

QByteArray error(MockReply::Api api, int status, const QString &message)
{
    if (api == MockReply::Api::OpenAi) {
        const QString code = status == 429   ? u"rate_limit_exceeded"_s
                             : status == 401 ? u"invalid_api_key"_s
                                             : u"server_error"_s;
        const QString type = status == 429   ? u"requests"_s
                             : status == 401 ? u"invalid_request_error"_s
                                             : u"server_error"_s;
        return json({{u"error"_s, QJsonObject{{u"message"_s, message},
                                              {u"type"_s, type},
                                              {u"param"_s, QJsonValue::Null},
                                              {u"code"_s, code}}}});
    }
    QString type = u"api_error"_s;
    switch (status) {
    case 400: type = u"invalid_request_error"_s; break;
    case 401: type = u"authentication_error"_s; break;
    case 403: type = u"permission_error"_s; break;
    case 404: type = u"not_found_error"_s; break;
    case 413: type = u"request_too_large"_s; break;
    case 429: type = u"rate_limit_error"_s; break;
    case 529: type = u"overloaded_error"_s; break;
    default: break;
    }
    return json({{u"type"_s, u"error"_s},
                 {u"error"_s, QJsonObject{{u"type"_s, type}, {u"message"_s, message}}}});
}

} // namespace sluice::test::MockBodies
