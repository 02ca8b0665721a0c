#include "config/FieldReader.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace sluice::fields {

namespace {
using namespace Qt::StringLiterals;

FieldError located(FieldError error, const SourceSpot &location)
{
    error.message.prepend(location.prefix);
    error.line = location.line;
    error.column = location.column;
    return error;
}

void addError(QList<FieldError> &errors, FieldError error, const SourceSpot &location)
{
    errors << located(std::move(error), location);
}

qsizetype editDistance(QStringView a, QStringView b)
{
    std::vector<qsizetype> row(std::size_t(b.size()) + 1);
    std::iota(row.begin(), row.end(), qsizetype(0));
    for (qsizetype i = 1; i <= a.size(); ++i) {
        qsizetype diagonal = row[0];
        row[0] = i;
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const qsizetype above = row[std::size_t(j)];
            row[std::size_t(j)] = std::min({above + 1, row[std::size_t(j - 1)] + 1,
                                            diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[std::size_t(b.size())];
}
} // namespace

std::optional<double> readNumber(const ScalarValue &scalar, LimitField field, const QString &path,
                                 QList<FieldError> &errors)
{
    if (const auto *integer = std::get_if<qint64>(&scalar.value)) {
        if (auto error = checkLimit(field, path, *integer)) {
            addError(errors, std::move(*error), scalar.location);
            return std::nullopt;
        }
        return double(*integer);
    }
    const auto *real = std::get_if<double>(&scalar.value);
    if (real && !configLimit(field).integral) {
        if (auto error = checkLimit(field, path, *real)) {
            addError(errors, std::move(*error), scalar.location);
            return std::nullopt;
        }
        return *real;
    }
    errors << typeError(scalar.location, path, describeExpected(field), scalar.text);
    return std::nullopt;
}

void readValue(const ScalarValue &scalar, const QString &path, QString &target,
               QList<FieldError> &errors)
{
    if (const auto *text = std::get_if<QString>(&scalar.value))
        target = *text;
    else
        errors << typeError(scalar.location, path, u"a string"_s, scalar.text);
}

void readValue(const ScalarValue &scalar, const QString &path, bool &target,
               QList<FieldError> &errors)
{
    if (const auto *flag = std::get_if<bool>(&scalar.value))
        target = *flag;
    else
        errors << typeError(scalar.location, path, u"true or false"_s, scalar.text);
}

void readValue(const ScalarValue &scalar, const QString &path, AlertMetric &target,
               QList<FieldError> &errors)
{
    const auto *name = std::get_if<QString>(&scalar.value);
    if (const auto metric = name ? alertMetricFromName(*name) : std::nullopt)
        target = *metric;
    else
        errors << typeError(scalar.location, path,
                            u"one of "_s % alertMetricNames().join(u", "_s), scalar.text);
}

FieldError typeError(const SourceSpot &location, const QString &path, const QString &expected,
                     const QString &got)
{
    return located({path, path % u" must be "_s % expected % u" (got "_s % got % u')'}, location);
}

FieldError unknownKeyError(const SourceSpot &location, const QString &path, const QString &key,
                           const QStringList &knownKeys)
{
    const QString field = childPath(path, key);
    QString message = u"unknown key "_s % field;
    const auto closest = std::min_element(
        knownKeys.cbegin(), knownKeys.cend(), [key](const QString &a, const QString &b) {
            return editDistance(key, a) < editDistance(key, b);
        });
    const qsizetype closeEnough = std::max<qsizetype>(2, key.size() / 3);
    if (closest != knownKeys.cend() && editDistance(key, *closest) <= closeEnough)
        message += u" (did you mean "_s % *closest % u"?)"_s;
    else if (!knownKeys.isEmpty())
        message += u" (known keys: "_s % knownKeys.join(u", "_s) % u')';
    return located({field, message}, location);
}

} // namespace sluice::fields
