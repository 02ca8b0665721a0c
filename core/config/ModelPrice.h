#pragma once

#include <QString>

namespace sluice {

/// Price of one model, in USD per million tokens.
struct ModelPrice
{
    QString model;
    double inputPerMillionUsd = 0.0;
    double outputPerMillionUsd = 0.0;

    friend bool operator==(const ModelPrice &, const ModelPrice &) = default;
};

} // namespace sluice
