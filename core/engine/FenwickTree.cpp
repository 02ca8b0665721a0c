#include "engine/FenwickTree.h"

namespace sluice {

namespace {
constexpr size_t lowbit(size_t i)
{
    return i & (~i + 1);
}
} // namespace

void FenwickTree::pushBack(qint32 value)
{
    const size_t i = m_tree.size() + 1;  // 1-based index of the new element
    // Node i covers (i - lowbit(i), i]: the new value plus the values in (i - lowbit(i), i - 1].
    const qint64 covered = prefix(i - 1) - prefix(i - lowbit(i));
    m_tree.push_back(qint32(covered + value));
}

void FenwickTree::add(size_t i, qint32 delta)
{
    for (size_t j = i + 1; j <= m_tree.size(); j += lowbit(j))
        m_tree[j - 1] += delta;
}

qint64 FenwickTree::prefix(size_t n) const
{
    qint64 sum = 0;
    for (size_t j = n; j > 0; j -= lowbit(j))
        sum += m_tree[j - 1];
    return sum;
}

void FenwickTree::assign(const std::vector<qint32> &values)
{
    m_tree = values;
    for (size_t j = 1; j <= m_tree.size(); ++j) {
        const size_t parent = j + lowbit(j);
        if (parent <= m_tree.size())
            m_tree[parent - 1] += m_tree[j - 1];
    }
}

} // namespace sluice
