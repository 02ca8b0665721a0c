#pragma once

#include "config/EngineConfig.h"

namespace sluice {

/// The shipped configuration, the one packaging/sluice.example.toml spells out: pools
/// anthropic (50 requests/min, 5 concurrent, 200000 tokens/min), elevenlabs (3 concurrent)
/// and anam (1 session); tiers free 10/day, basic 100, pro 500, enterprise 5000 (priority in
/// that order); prices of a few Anthropic models; alerts at 80%, clearing below 70%.
EngineConfig defaultConfig();

} // namespace sluice
