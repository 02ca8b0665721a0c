#pragma once

#include "engine/RequestId.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <limits>
#include <optional>

namespace sluice {

/// Reads the members of one JSON object for a decoder: checks each member's type and range
/// and collects one error per bad member, named by its path, e.g.
/// "pools[1].in_use must be an integer (got "abc")". Absent members keep the fallback;
/// `required` members are reported when absent. Not thread-safe; cheap to create.
class WireReader
{
public:
    enum class Need : quint8
    {
        Optional,
        Required
    };

    /// `path` prefixes the member names in messages ("" for the top level).
    WireReader(const QJsonObject &object, QString path, QList<FieldError> *errors);

    bool has(QLatin1StringView key) const { return m_object.contains(key); }
    QString path(QLatin1StringView key) const;

    QString text(QLatin1StringView key, Need need = Need::Optional, qsizetype maxLength = 4096);
    qint64 integer(QLatin1StringView key, Need need = Need::Optional, qint64 fallback = 0,
                   qint64 min = std::numeric_limits<qint64>::min(),
                   qint64 max = std::numeric_limits<qint64>::max());
    /// An integer, or null for "unlimited" (returned as -1).
    qint64 limit(QLatin1StringView key, Need need = Need::Optional);
    /// A request id in its wire form (hex); 0 after reporting a bad one.
    /// A request id in either wire form (RequestId.h); the id part of its secret goes to
    /// `secret` when given.
    RequestId requestId(QLatin1StringView key, Need need = Need::Required,
                        RequestSecret *secret = nullptr);
    double number(QLatin1StringView key, Need need = Need::Optional, double fallback = 0);
    bool boolean(QLatin1StringView key, Need need = Need::Optional, bool fallback = false);
    QJsonObject object(QLatin1StringView key, Need need = Need::Optional);
    QJsonArray array(QLatin1StringView key, Need need = Need::Optional);

    /// Each element of the array under `key`, decoded by `decode(object, path, errors)`;
    /// elements that are not objects are reported and skipped.
    template<typename Decode>
    auto list(QLatin1StringView key, Decode decode, Need need = Need::Optional)
    {
        using T = decltype(decode(QJsonObject(), QString(), m_errors));
        QList<T> items;
        const QJsonArray values = array(key, need);
        for (qsizetype i = 0; i < values.size(); ++i) {
            const QString itemPath = path(key) + u'[' + QString::number(i) + u']';
            if (!values[i].isObject()) {
                addTypeError(itemPath, QStringLiteral("an object"), values[i]);
                continue;
            }
            items.append(decode(values[i].toObject(), itemPath, m_errors));
        }
        return items;
    }

    /// Marks a member as known without reading it (e.g. after handling a null).
    void accept(QLatin1StringView key) { m_known << QString(key); }
    /// Reports every member that no call above asked for (for request bodies, where a
    /// misspelt member must not be ignored silently).
    void rejectUnknown() const;

    QList<FieldError> *errors() const { return m_errors; }
    void addError(const QString &field, const QString &message);
    void addTypeError(const QString &field, const QString &expected, const QJsonValue &got);

    /// An encoder's limit: the number, or null for unlimited (negative).
    static QJsonValue limitValue(qint64 limit);
    /// How a value reads in a message: "12", "\"abc\"", "true", "null", "an object".
    static QString describe(const QJsonValue &value);

private:
    std::optional<QJsonValue> take(QLatin1StringView key, Need need);
    qint64 integerValue(const QJsonValue &value, const QString &field, qint64 fallback,
                        qint64 min = std::numeric_limits<qint64>::min(),
                        qint64 max = std::numeric_limits<qint64>::max());

    QJsonObject m_object;
    QString m_path;
    QList<FieldError> *m_errors;
    QStringList m_known;
};

} // namespace sluice
