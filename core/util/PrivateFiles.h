#pragma once

#include "util/Result.h"

#include <QString>

namespace sluice {

/// Data that only its owner may read (SPEC section 4, Safe defaults): the data directory
/// holds the database with key hashes, usage and the webhook URL.

/// Creates `dir` (with its parents) if needed and makes it rwx for its owner only (0700),
/// also when it existed with wider permissions. FILE_FAILED naming the directory.
Result<Done> makePrivateDirectory(const QString &dir);

/// Creates `path` if it does not exist, and makes it and its SQLite companions
/// (`-wal`, `-shm`, `-journal`, when present) rw for the owner only (0600). SQLite creates
/// the companions with the database file's permissions. FILE_FAILED naming the file.
Result<Done> makePrivateDatabaseFile(const QString &path);

} // namespace sluice
