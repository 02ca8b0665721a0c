#pragma once

// Internal to core/config: reads the fields of one table (TOML) or object (JSON) through the
// visitors of ConfigFields.h, checking types and ranges, and reports keys nobody asked for.
// The format is a Source with
//   std::optional<ScalarValue> scalar(const QString &key) const    nullopt when absent
//   std::optional<Source> table(const QString &key, const QString &path, QList<FieldError> &)
//   QList<Source> tables(const QString &key, const QString &path, QList<FieldError> &)
//   QStringList keys() const                                       in document order
//   SourceSpot location(const QString &key) const                  where the key is, if known
// where table() and tables() report a value of the wrong kind and skip it.

#include "config/ConfigFields.h"

#include <QStringList>

#include <variant>

namespace sluice::fields {

/// Where a value or key is in its document (TOML); empty for JSON.
struct SourceSpot
{
    QString prefix; ///< "file:line:column: ", put before messages
    int line = 0;   ///< 1-based; 0: unknown
    int column = 0;
};

/// One value of a document, whatever the format. monostate: a table, an array or a date.
struct ScalarValue
{
    std::variant<std::monostate, std::nullptr_t, qint64, double, QString, bool> value;
    QString text;        ///< how the value reads in the document, for messages
    SourceSpot location; ///< where it is
};

std::optional<double> readNumber(const ScalarValue &scalar, LimitField field, const QString &path,
                                 QList<FieldError> &errors);
void readValue(const ScalarValue &scalar, const QString &path, QString &target,
               QList<FieldError> &errors);
void readValue(const ScalarValue &scalar, const QString &path, bool &target,
               QList<FieldError> &errors);
void readValue(const ScalarValue &scalar, const QString &path, AlertMetric &target,
               QList<FieldError> &errors);
/// "<location><path> must be <expected> (got <what was there>)".
FieldError typeError(const SourceSpot &location, const QString &path, const QString &expected,
                     const QString &got);
FieldError unknownKeyError(const SourceSpot &location, const QString &path, const QString &key,
                           const QStringList &knownKeys);

template<typename Source>
class FieldReader
{
public:
    FieldReader(Source source, QString path, QList<FieldError> &errors)
        : m_source(std::move(source))
        , m_path(std::move(path))
        , m_errors(&errors)
    {}

    template<typename T>
    void field(LimitField field, T &target)
    {
        const QLatin1StringView key = configLimit(field).key;
        const std::optional<ScalarValue> scalar = take(key);
        if (!scalar)
            return;
        if constexpr (isOptional<T>) {
            if (std::holds_alternative<std::nullptr_t>(scalar->value)) {
                target.reset();
                return;
            }
        }
        if (const auto number = readNumber(*scalar, field, childPath(m_path, key), *m_errors))
            assignNumber(target, *number);
    }

    template<typename T>
    void field(QLatin1StringView key, T &target)
    {
        if (const std::optional<ScalarValue> scalar = take(key))
            readValue(*scalar, childPath(m_path, key), target, *m_errors);
    }

    void section(QLatin1StringView key, RetrySettings &retry)
    {
        if (std::optional<FieldReader> child = table(key)) {
            visitRetry(retry, *child);
            child->rejectUnknownKeys();
        }
    }

    /// The table under `key`; nullopt when absent or not a table (then reported).
    std::optional<FieldReader> table(const QString &key)
    {
        m_known << key;
        const QString path = childPath(m_path, key);
        if (std::optional<Source> source = m_source.table(key, path, *m_errors))
            return FieldReader(std::move(*source), path, *m_errors);
        return std::nullopt;
    }

    /// The tables of the array under `key`; wrong elements are reported and skipped.
    QList<Source> tables(const QString &key)
    {
        m_known << key;
        return m_source.tables(key, childPath(m_path, key), *m_errors);
    }

    const Source &source() const { return m_source; }
    QList<FieldError> &errors() const { return *m_errors; }

    void rejectUnknownKeys() const
    {
        const QStringList keys = m_source.keys();
        for (const QString &key : keys) {
            if (!m_known.contains(key))
                m_errors->append(unknownKeyError(m_source.location(key), m_path, key, m_known));
        }
    }

private:
    std::optional<ScalarValue> take(QLatin1StringView key)
    {
        m_known << QString(key);
        return m_source.scalar(key);
    }

    Source m_source;
    QString m_path;
    QList<FieldError> *m_errors;
    QStringList m_known;
};

/// The string under `key`, or an empty string when absent or not a string.
template<typename Source>
QString peekText(const Source &source, QLatin1StringView key)
{
    const std::optional<ScalarValue> scalar = source.scalar(key);
    const QString *text = scalar ? std::get_if<QString>(&scalar->value) : nullptr;
    return text ? *text : QString();
}

/// One item of a list, named by its `nameKey` member, its fields read by `visit`.
template<typename Item, typename Source, typename Visit>
Item readItem(const Source &source, const QString &path, QLatin1StringView nameKey,
              QString Item::*name, Visit visit, QList<FieldError> &errors)
{
    Item item;
    FieldReader<Source> reader(source, path, errors);
    reader.field(nameKey, item.*name);
    visit(item, reader);
    reader.rejectUnknownKeys();
    return item;
}

/// The items of the array of tables under `list`, in document order.
template<typename Item, typename Source, typename Visit>
QList<Item> readItems(FieldReader<Source> &parent, QLatin1StringView list,
                      QLatin1StringView nameKey, QString Item::*name, Visit visit)
{
    QList<Item> items;
    const QList<Source> sources = parent.tables(list);
    for (qsizetype i = 0; i < sources.size(); ++i) {
        const QString path = itemPath(list, peekText(sources[i], nameKey), i);
        items << readItem(sources[i], path, nameKey, name, visit, parent.errors());
    }
    return items;
}

} // namespace sluice::fields
