#include "config/EnvOverrides.h"

#include "config/ConfigFields.h"

#include <array>

namespace sluice {

namespace {
using namespace Qt::StringLiterals;

struct Variable
{
    QLatin1StringView suffix;
    LimitField field;
};

constexpr std::array kVariables{
    Variable{"RATE_LIMIT_PER_MINUTE"_L1, LimitField::RequestsPerMinute},
    Variable{"CONCURRENT_REQUESTS"_L1, LimitField::MaxConcurrent},
    Variable{"MAX_RETRIES"_L1, LimitField::MaxRetries},
    Variable{"BASE_DELAY"_L1, LimitField::BaseDelayMs},
    Variable{"MAX_DELAY"_L1, LimitField::MaxDelayMs},
    Variable{"BACKOFF_FACTOR"_L1, LimitField::BackoffFactor},
};

/// Sets one bounded field of a pool to a value already checked against its range.
class FieldSetter
{
public:
    FieldSetter(LimitField target, double value)
        : m_target(target)
        , m_value(value)
    {}

    template<typename T>
    void field(LimitField field, T &value)
    {
        if (field != m_target)
            return;
        before = fields::formatNumber(value);
        fields::assignNumber(value, m_value);
        after = fields::formatNumber(value);
    }
    template<typename T>
    void field(QLatin1StringView, T &)
    {}
    void section(QLatin1StringView, RetrySettings &retry) { fields::visitRetry(retry, *this); }

    QString before;
    QString after;

private:
    LimitField m_target;
    double m_value;
};

/// The variable that sets `variable` for `pool`, or an empty string when none is set.
QString chooseVariable(const PoolConfig &pool, const Variable &variable,
                       const QProcessEnvironment &environment)
{
    QStringList candidates{envPoolPrefix(pool.name) + variable.suffix};
    if (pool.name == u"anthropic")
        candidates << u"ANTHROPIC_"_s + variable.suffix;
    for (const QString &name : candidates) {
        if (!environment.value(name).trimmed().isEmpty())
            return name;
    }
    return QString();
}

QString fieldPath(const PoolConfig &pool, LimitField field)
{
    const ConfigLimit &limit = configLimit(field);
    const QString section = limit.scope == LimitScope::Retry ? u"retry."_s : QString();
    return u"pools."_s % pool.name % u'.' % section % limit.key;
}

void applyVariable(PoolConfig &pool, const Variable &variable, const QString &name,
                   const QString &text, EnvOverrideResult &result)
{
    const QString path = fieldPath(pool, variable.field);
    bool parsed = false;
    double value = 0;
    std::optional<FieldError> rangeError;
    if (configLimit(variable.field).integral) {
        const qint64 integer = text.toLongLong(&parsed);
        rangeError = checkLimit(variable.field, path, integer);
        value = double(integer);
    } else {
        value = text.toDouble(&parsed);
        rangeError = checkLimit(variable.field, path, value);
    }
    if (!parsed) {
        result.errors << FieldError{path, u"The environment variable "_s % name % u" must be "_s %
                                              describeExpected(variable.field) % u" (got \""_s %
                                              text % u"\")"_s};
        return;
    }
    if (rangeError) {
        result.errors << FieldError{path, u"The environment variable "_s % name %
                                              u" is out of range: "_s % rangeError->message};
        return;
    }
    FieldSetter setter(variable.field, value);
    fields::visitPool(pool, setter);
    result.applied << AppliedOverride{name, path, setter.before, setter.after};
}
} // namespace

QString envPoolPrefix(QStringView poolName)
{
    QString prefix = u"SLUICE_"_s;
    for (const QChar c : poolName) {
        const QChar upper = c.toUpper();
        const bool keep = (upper >= u'A' && upper <= u'Z') || (upper >= u'0' && upper <= u'9');
        prefix += keep ? upper : u'_';
    }
    return prefix + u'_';
}

EnvOverrideResult applyEnvOverrides(EngineConfig &config, const QProcessEnvironment &environment)
{
    EnvOverrideResult result;
    for (PoolConfig &pool : config.pools) {
        for (const Variable &variable : kVariables) {
            const QString name = chooseVariable(pool, variable, environment);
            if (!name.isEmpty())
                applyVariable(pool, variable, name, environment.value(name).trimmed(), result);
        }
    }
    return result;
}

} // namespace sluice
