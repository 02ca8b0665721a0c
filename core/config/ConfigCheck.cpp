#include "config/ConfigCheck.h"

#include "config/ConfigValidator.h"
#include "config/TomlConfigReader.h"

#include <QFile>
#include <QRegularExpression>

#include <toml++/toml.h>

#include <algorithm>
#include <string_view>
#include <utility>

namespace sluice {

namespace {
using namespace Qt::StringLiterals;

/// The table of `array` (an array of tables such as alert_rules) whose "id" is `id`.
const toml::node *findById(const toml::array &array, const QString &id)
{
    for (const toml::node &element : array) {
        const toml::table *table = element.as_table();
        const toml::value<std::string> *value = table ? table->get_as<std::string>("id") : nullptr;
        if (value && QString::fromStdString(value->get()) == id)
            return &element;
    }
    return nullptr;
}

/// The deepest node of `root` along a field path such as "pools.anthropic.retry.max_delay_ms",
/// "alert_rules.high.threshold" (an array element named by its id) or "alert_rules[2].id".
const toml::node *deepestNode(const toml::table &root, const QString &path)
{
    static const QRegularExpression indexed(u"^(.*)\\[(\\d+)\\]$"_s);
    const toml::node *node = &root;
    const QStringList segments = path.split(u'.');
    for (const QString &segment : segments) {
        QString key = segment;
        std::optional<std::size_t> index;
        if (const QRegularExpressionMatch match = indexed.match(segment); match.hasMatch()) {
            key = match.captured(1);
            index = match.captured(2).toULongLong();
        }
        const toml::node *child = nullptr;
        if (const toml::table *table = node->as_table())
            child = table->get(key.toStdString());
        else if (const toml::array *array = node->as_array())
            child = findById(*array, key);
        if (child && index) {
            const toml::array *array = child->as_array();
            child = array ? array->get(*index) : nullptr;
        }
        if (!child)
            break;
        node = child;
    }
    return node;
}

/// Puts the place of the value an error names before its message.
void locate(FieldError &error, const toml::table &root, const QString &path)
{
    const toml::node *node = deepestNode(root, error.field);
    const toml::source_position begin = node->source().begin;
    if (node == &root || begin.line == 0) { // a key missing at the top: no line to name
        error.message = path % u": "_s % error.message;
        return;
    }
    error.line = int(begin.line);
    error.column = int(begin.column);
    error.message = path % u':' % QString::number(error.line) % u':'
                    % QString::number(error.column) % u": "_s % error.message;
}
} // namespace

Result<EngineConfig> checkConfigFile(const QString &path, ReplicaSettings *replica)
{
    Result<EngineConfig> read = readConfigFile(path, replica);
    if (!read)
        return read;
    QList<FieldError> errors = validateConfig(*read);
    if (errors.isEmpty())
        return read;
    // The file read cleanly a moment ago; parse it again for the places of the values.
    QFile file(path);
    toml::table root;
    if (file.open(QIODevice::ReadOnly)) {
        const QByteArray document = file.readAll();
        try {
            root = toml::parse(
                std::string_view(document.constData(), std::size_t(document.size())));
        } catch (const toml::parse_error &) {
            root = toml::table();
        }
    }
    for (FieldError &error : errors)
        locate(error, root, path);
    std::stable_sort(errors.begin(), errors.end(), [](const FieldError &a, const FieldError &b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    return checkedValue(std::move(*read), std::move(errors));
}

} // namespace sluice
