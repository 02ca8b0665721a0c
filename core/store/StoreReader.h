#pragma once

#include "util/Result.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

namespace sluice {

class Store;

/// Runs read queries on its own thread and SQLite connection, so that a slow one (an audit
/// search through a long log, a user's usage history) never stalls the thread that asks,
/// the engine's. WAL lets it read the last committed state while the StoreWriter commits.
///
/// Threading: create, start and call read() on one thread (the engine's); answers come back
/// to it, queued, in the order asked. Destroying the reader waits for the query running, if
/// any, and drops answers not yet delivered.
class StoreReader : public QObject
{
    Q_OBJECT

public:
    explicit StoreReader(QString path, QObject *parent = nullptr);
    ~StoreReader() override;

    /// Opens the reader's connection on its thread; STORE_FAILED with the reason when it cannot.
    Result<Done> start();

    /// Runs `query` on the reader's thread, then `done` with its result on this one.
    template <typename T>
    void read(std::function<T(const Store &)> query, std::function<void(T)> done)
    {
        post([this, query = std::move(query), done = std::move(done)](const Store &store) {
            auto result = std::make_shared<T>(query(store));
            QMetaObject::invokeMethod(this, [done, result] { done(std::move(*result)); },
                                      Qt::QueuedConnection);
        });
    }

private:
    void post(std::function<void(const Store &)> job);

    const QString m_path;
    QThread m_thread;
    QObject *m_worker = nullptr;   ///< lives on m_thread, deleted there
    std::unique_ptr<Store> m_store; ///< opened, used and closed on m_thread only
};

} // namespace sluice
