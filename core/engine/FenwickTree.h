#pragma once

#include <QtGlobal>

#include <vector>

namespace sluice {

/// Prefix sums over a growable array of small counts, in O(log n) per update and query
/// (a binary indexed tree). Used to count live queue entries before a given index.
/// Not thread-safe.
class FenwickTree
{
public:
    /// Appends a value at index size(); O(log n).
    void pushBack(qint32 value);
    /// Adds delta to the value at index i.
    void add(size_t i, qint32 delta);
    /// Sum of the values at indices [0, n).
    qint64 prefix(size_t n) const;
    /// Replaces the contents with the given values in O(n).
    void assign(const std::vector<qint32> &values);
    size_t size() const { return m_tree.size(); }
    void clear() { m_tree.clear(); }
    size_t memoryBytes() const { return m_tree.capacity() * sizeof(qint32); }

private:
    std::vector<qint32> m_tree;  // 1-based tree stored 0-based: m_tree[i-1] covers (i - lowbit(i), i]
};

} // namespace sluice
