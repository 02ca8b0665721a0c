#include "protocol/WireHistory.h"

#include "protocol/WireReader.h"

#include <QJsonArray>

#include <array>
#include <cmath>

namespace sluice {

using namespace Qt::StringLiterals;
using Need = WireReader::Need;

namespace {
constexpr double kMaxExact = 9007199254740992.0; // 2^53: larger doubles are not exact integers

QJsonArray column(const QList<qint64> &values)
{
    QJsonArray array;
    for (qint64 value : values)
        array.append(value == PoolSeries::kAbsent ? QJsonValue() : QJsonValue(value));
    return array;
}

/// The column under `key`: one integer >= 0 (or null, kAbsent) per sample time.
QList<qint64> readColumn(const QJsonArray &array, qsizetype expected, const QString &path,
                         QList<FieldError> *errors)
{
    if (array.size() != expected) {
        errors->append({path, u"must have one value per sample time (%1), got %2"_s
                                  .arg(expected).arg(array.size())});
        return {};
    }
    QList<qint64> values;
    values.reserve(expected);
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue value = array.at(i);
        if (value.isNull()) {
            values.append(PoolSeries::kAbsent);
            continue;
        }
        const double number = value.toDouble(-1);
        if (!value.isDouble() || number < 0 || number > kMaxExact || std::floor(number) != number) {
            errors->append({path + u'[' + QString::number(i) + u']',
                            u"must be an integer >= 0 or null (got %1)"_s
                                .arg(WireReader::describe(value))});
            return {};
        }
        values.append(qint64(number));
    }
    return values;
}
} // namespace

QJsonObject sampleHistoryToJson(const SampleHistory &history)
{
    QJsonArray at;
    for (TimeMs time : history.at)
        at.append(time);
    QJsonArray pools;
    for (const PoolSeries &series : history.pools) {
        pools.append(QJsonObject{{u"pool"_s, series.pool},
                                 {u"in_use"_s, column(series.inUse)},
                                 {u"requests"_s, column(series.requests)},
                                 {u"tokens"_s, column(series.tokens)},
                                 {u"waiting"_s, column(series.waiting)}});
    }
    return QJsonObject{{u"now"_s, history.now},
                       {u"interval_ms"_s, history.intervalMs},
                       {u"at"_s, at},
                       {u"pools"_s, pools}};
}

SampleHistory sampleHistoryFromJson(const QJsonObject &object, QList<FieldError> *errors)
{
    SampleHistory history;
    WireReader reader(object, {}, errors);
    history.now = reader.integer("now"_L1, Need::Required, 0, 0);
    history.intervalMs = reader.integer("interval_ms"_L1, Need::Required, 0, 1);
    const QJsonArray at = reader.array("at"_L1, Need::Required);
    const qsizetype errorsBefore = errors->size();
    history.at = readColumn(at, at.size(), u"at"_s, errors);
    if (const qsizetype gap = history.at.indexOf(PoolSeries::kAbsent); gap >= 0)
        errors->append({u"at[%1]"_s.arg(gap), u"must be a time, not null"_s});
    for (qsizetype i = 1; i < history.at.size() && errors->size() == errorsBefore; ++i) {
        if (history.at.at(i) <= history.at.at(i - 1)) {
            errors->append({u"at[%1]"_s.arg(i), u"must be later than the time before it"_s});
            break;
        }
    }
    if (errors->size() > errorsBefore)
        return history;
    history.pools = reader.list(
        "pools"_L1,
        [&history](const QJsonObject &item, const QString &path, QList<FieldError> *e) {
            WireReader pool(item, path, e);
            PoolSeries series;
            series.pool = pool.text("pool"_L1, Need::Required, 256);
            const std::array<std::pair<QLatin1StringView, QList<qint64> *>, 4> columns{{
                {"in_use"_L1, &series.inUse},
                {"requests"_L1, &series.requests},
                {"tokens"_L1, &series.tokens},
                {"waiting"_L1, &series.waiting},
            }};
            for (const auto &[key, values] : columns)
                *values = readColumn(pool.array(key, Need::Required), history.at.size(),
                                     pool.path(key), e);
            return series;
        },
        Need::Required);
    return history;
}

} // namespace sluice
