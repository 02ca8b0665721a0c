#pragma once

#include "protocol/ApiTypes.h"

#include <QPointer>

namespace sluice {

/// A backend callback that runs `handle(receiver, result)` only while `receiver` still
/// exists: a page may be closed before its answer arrives.
template<typename R, typename T, typename F> Callback<R> guarded(T *receiver, F handle)
{
    return [target = QPointer<T>(receiver), handle = std::move(handle)](const Result<R> &result) {
        if (T *alive = target.data())
            handle(*alive, result);
    };
}

} // namespace sluice
