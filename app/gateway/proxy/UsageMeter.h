#pragma once

#include "SseParser.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace sluice {

/// Reads token usage and the model from an upstream response body as it streams through,
/// without holding it back:
/// - Anthropic Messages: `usage.input_tokens` / `usage.output_tokens` of the JSON answer, or of
///   the streamed `message_start` event, overridden by each `message_delta` event's usage
///   (its `output_tokens` is the running total);
/// - OpenAI Chat Completions: `usage.prompt_tokens` / `usage.completion_tokens` of the JSON
///   answer, or of the stream chunk that carries usage (`stream_options.include_usage`).
/// A JSON body is kept until finish() up to maxJsonBytes (larger ones go unmetered); an event
/// stream is parsed event by event. Not thread-safe.
///
/// It also notices an answer that cannot be right, and says so in problem(): a usage count
/// that is not an integer from 0 to kMaxTokens, a JSON body that is empty or does not parse,
/// an event stream with no event or that stops inside one (the signs of broken framing).
class UsageMeter
{
public:
    static constexpr qsizetype kDefaultMaxJsonBytes = 8 << 20;
    /// The largest token count one answer may report (ten times today's largest contexts).
    static constexpr qint64 kMaxTokens = 20'000'000;

    explicit UsageMeter(qsizetype maxJsonBytes = kDefaultMaxJsonBytes)
        : m_maxJsonBytes(maxJsonBytes)
    {
    }

    /// Starts a body of this Content-Type (after a retry: a new body).
    void begin(QByteArrayView contentType);
    void feed(QByteArrayView data);
    /// The body is complete: reads a JSON body.
    void finish();

    /// -1 while unknown.
    qint64 inputTokens() const { return m_input; }
    qint64 outputTokens() const { return m_output; }
    /// The model the upstream named; empty while unknown.
    const QString &model() const { return m_model; }
    /// The body is read as one JSON document (its usage is known only at finish()).
    bool readsJson() const { return m_mode == Mode::Json; }
    /// What is wrong with the answer, for an error message; empty while nothing is.
    const QString &problem() const { return m_problem; }

private:
    enum class Mode { Ignore, Json, EventStream };

    void readEvent(const SseParser::Event &event);
    void readObject(const QJsonObject &object);
    void readUsage(const QJsonObject &usage);
    void setProblem(const QString &problem);

    qsizetype m_maxJsonBytes;
    Mode m_mode = Mode::Ignore;
    QByteArray m_json;
    SseParser m_sse;
    qint64 m_input = -1;
    qint64 m_output = -1;
    QString m_model;
    QString m_problem;
    qint64 m_events = 0;
};

} // namespace sluice
