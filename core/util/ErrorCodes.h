#pragma once

#include <QString>

namespace sluice {

/// Error codes of the API besides the engine's reason codes (Reason.h).
namespace errors {
inline const QString kInvalidJson = QStringLiteral("INVALID_JSON");
inline const QString kValidationFailed = QStringLiteral("VALIDATION_FAILED");
inline const QString kUnauthorized = QStringLiteral("UNAUTHORIZED");
inline const QString kForbidden = QStringLiteral("FORBIDDEN");
inline const QString kNotFound = QStringLiteral("NOT_FOUND");
inline const QString kMethodNotAllowed = QStringLiteral("METHOD_NOT_ALLOWED");
inline const QString kPayloadTooLarge = QStringLiteral("PAYLOAD_TOO_LARGE");
inline const QString kUnknownUser = QStringLiteral("UNKNOWN_USER");
inline const QString kUnknownKey = QStringLiteral("UNKNOWN_KEY");
inline const QString kAlreadyRevoked = QStringLiteral("ALREADY_REVOKED");
/// A configuration file that cannot be read (missing, a directory, unreadable).
inline const QString kConfigUnreadable = QStringLiteral("CONFIG_UNREADABLE");
inline const QString kConfigRejected = QStringLiteral("CONFIG_REJECTED");
/// A configuration change made from a version no longer in force (If-Match, HTTP 412).
inline const QString kConfigConflict = QStringLiteral("CONFIG_CONFLICT");
inline const QString kUnknownAlert = QStringLiteral("UNKNOWN_ALERT");
inline const QString kUnknownVersion = QStringLiteral("UNKNOWN_VERSION");
inline const QString kStoreFailed = QStringLiteral("STORE_FAILED");
/// A file or directory that cannot be created, read or made private.
inline const QString kFileFailed = QStringLiteral("FILE_FAILED");
/// A command-line option or setting that is malformed.
inline const QString kInvalidArgument = QStringLiteral("INVALID_ARGUMENT");
/// A server socket that cannot listen.
inline const QString kListenFailed = QStringLiteral("LISTEN_FAILED");
inline const QString kShuttingDown = QStringLiteral("SHUTTING_DOWN");
} // namespace errors

} // namespace sluice
