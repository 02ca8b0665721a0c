#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <cstddef>
#include <optional>
#include <utility>

namespace sluice {

/// An enum's names as they go into JSON, the store, logs and metrics: the one place each is
/// spelled, with the lookups both ways. Tables are a handful of entries, so lookups are
/// linear. Define one as a constexpr next to its enum:
///
///     constexpr EnumNames kColours{std::array{std::pair{Colour::Red, u"red"}, ...}};
///
/// Immutable, so safe to use from any thread.
template<typename Enum, std::size_t N>
class EnumNames
{
public:
    using Entry = std::pair<Enum, const char16_t *>;

    constexpr explicit EnumNames(const std::array<Entry, N> &entries)
        : m_entries(entries)
    {}

    /// The name of `value`; empty when the table has none (a value made by a cast).
    QString name(Enum value) const
    {
        for (const auto &[v, text] : m_entries) {
            if (v == value)
                return QString::fromUtf16(text);
        }
        return QString();
    }

    /// The name of `value`, or of `fallback` when the table has none.
    QString name(Enum value, Enum fallback) const
    {
        const QString found = name(value);
        return found.isEmpty() ? name(fallback) : found;
    }

    /// The value named `text` exactly (case matters); nullopt for any other text.
    std::optional<Enum> value(QStringView text) const
    {
        for (const auto &[v, name] : m_entries) {
            if (text == QStringView(name))
                return v;
        }
        return std::nullopt;
    }

    /// Every name, in table order.
    QStringList names() const
    {
        QStringList all;
        for (const auto &entry : m_entries)
            all << QString::fromUtf16(entry.second);
        return all;
    }

    /// The names as a sentence for error messages: "a, b, c or d".
    QString alternatives() const
    {
        QStringList all = names();
        const QString last = all.takeLast();
        return all.isEmpty() ? last
                             : all.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
    }

private:
    std::array<Entry, N> m_entries;
};

} // namespace sluice
