#include "engine/ContextTable.h"

namespace sluice {

quint32 ContextTable::obtain(const QString &key, quint32 user)
{
    if (const quint32 existing = find(key); existing != kNone)
        return existing;
    quint32 index;
    if (!m_free.empty()) {
        index = m_free.back();
        m_free.pop_back();
    } else {
        index = quint32(m_items.size());
        m_items.emplace_back();
    }
    m_items[index] = Context{0, 0, user, key};
    m_index.insert(key, index);
    return index;
}

void ContextTable::dropIfUnused(quint32 index)
{
    Context &context = m_items[index];
    if (context.leases > 0 || context.tickets > 0)
        return;
    m_index.remove(context.key);
    context.key.clear();
    m_free.push_back(index);
}

} // namespace sluice
