#include "engine/ReadySet.h"

namespace sluice {

void ReadySet::rebuild()
{
    std::set<Key> rebuilt;
    for (const Key &key : m_set)
        rebuilt.insert(keyOf(key.slot));
    m_set.swap(rebuilt);
}

} // namespace sluice
