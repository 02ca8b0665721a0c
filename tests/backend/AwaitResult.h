#pragma once

#include "protocol/ApiTypes.h"

#include <QTest>

#include <optional>

namespace sluice::test {

/// Makes one Backend call and runs the event loop until its callback has answered (at most
/// `timeoutMs`); a missing answer reads as the error NO_ANSWER. Counts the answers, so a
/// test can also check that the callback came exactly once.
template<typename T, typename Call>
Result<T> awaitResult(Call call, int *answers = nullptr, int timeoutMs = 10'000)
{
    auto result = std::make_shared<std::optional<Result<T>>>();
    auto count = std::make_shared<int>(0);
    call([result, count](const Result<T> &r) {
        ++*count;
        *result = r;
    });
    if (!QTest::qWaitFor([&] { return result->has_value(); }, timeoutMs))
        qWarning("no answer within %d ms", timeoutMs);
    if (answers) {
        QTest::qWait(0);
        *answers = *count;
    }
    return result->value_or(Result<T>::failure(
        {QStringLiteral("NO_ANSWER"), QStringLiteral("no answer within the wait"), {}}));
}

} // namespace sluice::test
