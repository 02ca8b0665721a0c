#pragma once

namespace sluice {

/// How a Store (and the StoreWriter's connection) talks to its SQLite file.
struct StoreOptions
{
    /// What a committed transaction survives. The journal is always WAL.
    enum class Durability
    {
        /// `synchronous=NORMAL`: a commit survives the death of the process (kill -9,
        /// crash), because the WAL is in the OS page cache before COMMIT returns; the last
        /// commits may be lost on power loss or an OS crash. Fast: no fsync per commit.
        ProcessCrash,
        /// `synchronous=FULL`: the WAL is fsynced at every commit, so a commit also
        /// survives power loss, at the price of one fsync per transaction.
        PowerLoss,
    };

    Durability durability = Durability::ProcessCrash;
    /// How long a write waits for another connection's write lock before failing.
    int busyTimeoutMs = 5000;
    /// StoreWriter only: the pause before retrying a failed commit.
    int retryIntervalMs = 1000;
};

} // namespace sluice
