#pragma once

// Included before core/config/TomlConfigReader.cpp in the fuzz build (core/CMakeLists.txt): toml++
// without its debug assertions, as in the shipped library (tests/fuzz/README.md).
// With TOML_ASSERT empty and NDEBUG unset, TOML_ASSERT_ASSUME is empty too (no assumption).
#define TOML_ASSERT(expr) static_cast<void>(0)
