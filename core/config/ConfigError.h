#pragma once

#include <QList>
#include <QString>

namespace sluice {

/// One thing wrong with a configuration. `field` is a dotted path such as
/// `pools.anthropic.requests_per_minute` (empty for a document-level problem such as a
/// TOML syntax error); `message` is a full sentence naming the field and what is allowed,
/// e.g. "pools.anthropic.requests_per_minute must be between 1 and 100000 (got 0)".
struct ConfigError
{
    QString field;
    QString message;
    /// Where in the TOML document the value or the syntax error is, 1-based; 0 when unknown
    /// (JSON from the API, an environment override). The message of an error read from a
    /// document begins with "file:line:column: ".
    int line = 0;
    int column = 0;

    friend bool operator==(const ConfigError &, const ConfigError &) = default;
};

/// A value read from a document, with every problem found while reading it. When `errors`
/// is not empty the value is incomplete (bad fields keep their defaults): do not use it.
template<typename T>
struct ConfigResult
{
    T value;
    QList<ConfigError> errors;

    bool ok() const { return errors.isEmpty(); }
};

/// The messages, one per line, for logs and dialogs.
QString describeErrors(const QList<ConfigError> &errors);

} // namespace sluice
