#pragma once

#include <QList>

namespace sluice {

/// A fixed-capacity ring of samples: pushing onto a full ring drops the oldest. Memory is
/// allocated once. Index 0 is the oldest sample.
template<typename T> class SampleRing
{
public:
    explicit SampleRing(qsizetype capacity)
        : m_items(capacity)
    {}

    qsizetype capacity() const { return m_items.size(); }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    void push(const T &item)
    {
        if (m_items.isEmpty())
            return;
        m_items[(m_start + m_size) % capacity()] = item;
        if (m_size < capacity())
            ++m_size;
        else
            m_start = (m_start + 1) % capacity();
    }

    const T &at(qsizetype i) const { return m_items.at((m_start + i) % capacity()); }
    const T &newest() const { return at(m_size - 1); }
    void clear()
    {
        m_start = 0;
        m_size = 0;
    }

private:
    QList<T> m_items;
    qsizetype m_start = 0;
    qsizetype m_size = 0;
};

} // namespace sluice
