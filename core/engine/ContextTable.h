#pragma once

#include <QHash>
#include <QString>

#include <vector>

namespace sluice {

/// The contexts of one pool (e.g. one WebSocket conversation): requests with the same
/// context share one concurrency slot while any of them holds a lease. A context exists
/// while it has leases or waiting tickets. Not thread-safe.
class ContextTable
{
public:
    static constexpr quint32 kNone = 0xffffffffu;

    struct Context
    {
        qint32 leases = 0;
        qint32 tickets = 0;
        quint32 user = 0;
        QString key;
    };

    quint32 find(const QString &key) const { return m_index.value(key, kNone); }
    /// Finds or creates the context with this key.
    quint32 obtain(const QString &key, quint32 user);
    Context &operator[](quint32 index) { return m_items[index]; }
    const Context &operator[](quint32 index) const { return m_items[index]; }
    /// Forgets the context if nothing refers to it any more.
    void dropIfUnused(quint32 index);
    qsizetype size() const { return m_index.size(); }

private:
    std::vector<Context> m_items;
    std::vector<quint32> m_free;
    QHash<QString, quint32> m_index;
};

} // namespace sluice
