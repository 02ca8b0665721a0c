#pragma once

#include <QByteArray>
#include <QString>

#include <initializer_list>
#include <utility>

namespace sluice {

/// Builds the Prometheus text format (version 0.0.4): metric families (HELP and TYPE lines)
/// and their samples, every name prefixed "sluice_", label values escaped. A value type.
class PrometheusText
{
public:
    void family(const char *name, const char *type, const char *help);
    void sample(const char *name, std::initializer_list<std::pair<const char *, QString>> labels,
                const QByteArray &value);
    QByteArray take() { return std::move(m_out); }

    /// A number as Prometheus reads it back exactly (17 significant digits).
    static QByteArray number(double value) { return QByteArray::number(value, 'g', 17); }

private:
    QByteArray m_out;
};

} // namespace sluice
