#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace sluice::test {

/// The answer a mock request gets: who it speaks like, and what it says.
struct MockReply
{
    enum class Api { Anthropic, OpenAi };
    Api api = Api::Anthropic;
    bool stream = false;
    bool includeUsageInStream = false;  ///< OpenAI `stream_options.include_usage`
    QString id;
    QString model;
    QStringList words;  ///< one output token each
    qint64 inputTokens = 0;

    qint64 outputTokens() const { return words.size(); }
};

/// Response bodies shaped like Anthropic's Messages API and OpenAI's Chat Completions.
namespace MockBodies {

/// A non-streamed answer, as JSON.
QByteArray complete(const MockReply &reply);
/// A streamed answer as its server-sent events, each one complete ("event: ...\ndata: ...\n\n").
QList<QByteArray> streamEvents(const MockReply &reply);
/// An error body: Anthropic `{"type":"error","error":{"type":...,"message":...}}` or OpenAI
/// `{"error":{"message":...,"type":...,"code":...}}`.
QByteArray error(MockReply::Api api, int status, const QString &message);

} // namespace MockBodies
} // namespace sluice::test
