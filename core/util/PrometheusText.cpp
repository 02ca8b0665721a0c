#include "util/PrometheusText.h"

namespace sluice {

namespace {
/// A label value with backslash, double quote and newline escaped.
QByteArray escaped(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}
} // namespace

void PrometheusText::family(const char *name, const char *type, const char *help)
{
    m_out += "# HELP sluice_";
    m_out += name;
    m_out += ' ';
    m_out += help;
    m_out += "\n# TYPE sluice_";
    m_out += name;
    m_out += ' ';
    m_out += type;
    m_out += '\n';
}

void PrometheusText::sample(const char *name,
                            std::initializer_list<std::pair<const char *, QString>> labels,
                            const QByteArray &value)
{
    m_out += "sluice_";
    m_out += name;
    if (labels.size() > 0) {
        m_out += '{';
        bool first = true;
        for (const auto &[key, text] : labels) {
            if (!first)
                m_out += ',';
            first = false;
            m_out += key;
            m_out += "=\"";
            m_out += escaped(text);
            m_out += '"';
        }
        m_out += '}';
    }
    m_out += ' ';
    m_out += value;
    m_out += '\n';
}

} // namespace sluice
