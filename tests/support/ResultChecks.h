#pragma once

#include "util/Result.h"

#include <QTest>

/// Verifies that a Result succeeded; on failure the test fails with the Error's code and
/// message.
#define QVERIFY_OK(expression)                                                                     \
    do {                                                                                           \
        const auto &checked_ = (expression);                                                       \
        QVERIFY2(checked_.ok(), qPrintable(checked_.error().code + QStringLiteral(": ") +          \
                                           checked_.error().message));                             \
    } while (false)
