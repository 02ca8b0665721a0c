#pragma once

#include "util/Error.h"
#include "util/ErrorCodes.h"

#include <QStringList>
#include <QtGlobal>

#include <optional>
#include <utility>

namespace sluice {

/// The empty value of an operation that only succeeds or fails: `Result<Done>`.
struct Done
{};

/// A value or the Error saying why there is none: the one result type of every layer, from
/// the engine and the store to the wire and the dashboard. Built from either implicitly:
/// `return value;`, `return Error{code, message};`.
template<typename T> class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {}
    Result(Error error)
        : m_error(std::move(error))
    {
        if (Q_UNLIKELY(m_error.code.isEmpty()))
            qFatal("Result: a failure without a code (%s)", qPrintable(m_error.message));
    }

    static Result success(T value) { return Result(std::move(value)); }
    static Result failure(Error error) { return Result(std::move(error)); }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    /// The value; only when ok(). Asking a failure for its value is a programming error and
    /// stops the program in every build, naming the error, rather than read what is not there.
    const T &value() const &
    {
        checkValue();
        return *m_value;
    }
    T &value() &
    {
        checkValue();
        return *m_value;
    }
    T value() &&
    {
        checkValue();
        return std::move(*m_value);
    }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    /// Why it failed; an empty Error when ok().
    const Error &error() const { return m_error; }

private:
    void checkValue() const
    {
        if (Q_UNLIKELY(!m_value))
            qFatal("Result::value() of a failure: %s: %s", qPrintable(m_error.code),
                   qPrintable(m_error.message));
    }

    std::optional<T> m_value;
    Error m_error;
};

/// The Error of the first of `results` that failed, in order; nullopt when all worked (a
/// start-up that reads several things and needs them all).
template<typename... Results> std::optional<Error> firstFailure(const Results &...results)
{
    std::optional<Error> first;
    ((first || results.ok() || (first = results.error(), true)), ...);
    return first;
}

/// `value` when `fields` is empty; otherwise VALIDATION_FAILED naming every field at fault
/// (the value, read with some fields left at their defaults, is dropped).
template<typename T> Result<T> checkedValue(T value, QList<FieldError> fields)
{
    if (fields.isEmpty())
        return value;
    QStringList messages;
    for (const FieldError &field : fields)
        messages << field.message;
    return Error{errors::kValidationFailed, messages.join(QStringLiteral("; ")), std::move(fields)};
}

} // namespace sluice
