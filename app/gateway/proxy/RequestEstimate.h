#pragma once

#include <QByteArray>
#include <QString>

namespace sluice {

/// What the proxy reads from a request body before admission: the model, and the tokens it
/// may use, for the pool's tokens-per-minute check (corrected by the reported usage later).
struct RequestEstimate
{
    QString model;
    qint64 tokens = 0;

    /// Input: about one token per four bytes of body. Output: the body's `max_tokens`
    /// (Anthropic, OpenAI), `max_completion_tokens` or `max_output_tokens` (OpenAI), the
    /// most the answer can use, as Anthropic itself estimates output at admission.
    static RequestEstimate fromBody(const QByteArray &body);
};

} // namespace sluice
