#pragma once

#include <QList>
#include <QString>

namespace sluice {

/// One field at fault. `field` is a dotted path such as `pools.anthropic.requests_per_minute`
/// (empty for a document-level problem such as a TOML syntax error); `message` is a full
/// sentence naming the field and what is allowed, e.g. "pools.anthropic.requests_per_minute
/// must be between 1 and 100000 (got 0)".
struct FieldError
{
    QString field;
    QString message;
    /// Where in a TOML document the value or the syntax error is, 1-based; 0 when unknown
    /// (JSON from the API, an environment override). The message of an error read from a
    /// document begins with "file:line:column: ".
    int line = 0;
    int column = 0;

    friend bool operator==(const FieldError &, const FieldError &) = default;
};

/// Why something failed, the same in every layer: a stable code (the wire's
/// SCREAMING_SNAKE_CASE, e.g. UNKNOWN_POOL, VALIDATION_FAILED, STORE_FAILED, UNREACHABLE),
/// a sentence for people, and for rejected input the fields at fault.
struct Error
{
    QString code;
    QString message;
    QList<FieldError> fields;

    friend bool operator==(const Error &, const Error &) = default;
};

/// The fields' messages, one per line, for logs and dialogs.
QString describeErrors(const QList<FieldError> &errors);

} // namespace sluice
