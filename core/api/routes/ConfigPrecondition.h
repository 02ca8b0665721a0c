#pragma once

// Internal to core/api: concurrent edits of the configuration (SPEC section 4). Every
// configuration read carries its version as an entity tag; a change may name, in If-Match, the
// version it was made from, and is refused when that is no longer the version in force.

#include "protocol/ApiRequest.h"
#include "protocol/ApiResponse.h"

#include <optional>

namespace sluice::routes {

/// `response` with the ETag of configuration `version`.
ApiResponse withConfigTag(ApiResponse response, qint32 version);

/// Whether a change carrying the request's If-Match may go on while `current` is in force:
/// nullopt when it may (no If-Match, "*", or a list naming `current`); otherwise the answer:
/// 412 CONFIG_CONFLICT with "current_version" and the current ETag when every tag names another
/// version, 400 VALIDATION_FAILED naming the header when it is not a list of strong tags.
std::optional<ApiResponse> configPreconditionFailure(const ApiRequest &request, qint32 current);

} // namespace sluice::routes
