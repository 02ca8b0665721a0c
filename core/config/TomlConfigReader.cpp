#include "config/TomlConfigReader.h"

#include "config/FieldReader.h"

#include <QFile>
#include <QFileInfo>

#include <toml++/toml.h>

#include <algorithm>
#include <string_view>
#include <tuple>

namespace sluice {

namespace {
using namespace Qt::StringLiterals;
using fields::FieldReader;
using fields::ScalarValue;

QString describeNode(const toml::node &node)
{
    switch (node.type()) {
    case toml::node_type::string:
        return u'"' % QString::fromStdString(*node.value<std::string>()) % u'"';
    case toml::node_type::integer:
        return QString::number(*node.value<std::int64_t>());
    case toml::node_type::floating_point: {
        const double value = *node.value<double>();
        const QString text = formatConfigNumber(value);
        const bool looksIntegral = std::all_of(text.cbegin(), text.cend(), [](QChar c) {
            return c.isDigit() || c == u'-';
        });
        return looksIntegral ? text + u".0"_s : text;
    }
    case toml::node_type::boolean:
        return *node.value<bool>() ? u"true"_s : u"false"_s;
    case toml::node_type::table:
        return u"a table"_s;
    case toml::node_type::array:
        return u"an array"_s;
    default:
        return u"a date or time"_s;
    }
}

fields::SourceSpot tomlSpot(const QString &sourceName, const toml::source_position &position)
{
    if (position.line == 0)
        return {sourceName + u": "_s, 0, 0};
    const int line = int(position.line);
    const int column = int(position.column);
    return {sourceName % u':' % QString::number(line) % u':' % QString::number(column) % u": "_s,
            line, column};
}

/// A TOML table as a FieldReader source.
class TomlSource
{
public:
    TomlSource(const toml::table &table, const QString &sourceName)
        : m_table(&table)
        , m_sourceName(&sourceName)
    {}

    std::optional<ScalarValue> scalar(const QString &key) const
    {
        const toml::node *node = find(key);
        if (!node)
            return std::nullopt;
        ScalarValue scalar{{}, describeNode(*node), location(node->source())};
        if (const auto text = node->value_exact<std::string>())
            scalar.value = QString::fromStdString(*text);
        else if (const auto integer = node->value_exact<std::int64_t>())
            scalar.value = qint64(*integer);
        else if (const auto real = node->value_exact<double>())
            scalar.value = *real;
        else if (const auto flag = node->value_exact<bool>())
            scalar.value = *flag;
        return scalar;
    }

    std::optional<TomlSource> table(const QString &key, const QString &path,
                                    QList<FieldError> &errors) const
    {
        const toml::node *node = find(key);
        if (!node)
            return std::nullopt;
        if (const toml::table *table = node->as_table())
            return TomlSource(*table, *m_sourceName);
        errors << fields::typeError(location(node->source()), path, u"a table"_s,
                                    describeNode(*node));
        return std::nullopt;
    }

    QList<TomlSource> tables(const QString &key, const QString &path,
                             QList<FieldError> &errors) const
    {
        QList<TomlSource> tables;
        const toml::node *node = find(key);
        if (!node)
            return tables;
        const toml::array *array = node->as_array();
        if (!array) {
            errors << fields::typeError(location(node->source()), path, u"an array of tables"_s,
                                        describeNode(*node));
            return tables;
        }
        for (std::size_t i = 0; i < array->size(); ++i) {
            const toml::node &element = *array->get(i);
            if (const toml::table *table = element.as_table())
                tables << TomlSource(*table, *m_sourceName);
            else
                errors << fields::typeError(location(element.source()),
                                            path % u'[' % QString::number(i) % u']', u"a table"_s,
                                            describeNode(element));
        }
        return tables;
    }

    /// The keys in the order they appear in the document.
    QStringList keys() const
    {
        std::vector<const toml::key *> keys;
        for (const auto &entry : *m_table)
            keys.push_back(&entry.first);
        std::sort(keys.begin(), keys.end(), [](const toml::key *a, const toml::key *b) {
            const auto &x = a->source().begin;
            const auto &y = b->source().begin;
            return std::tie(x.line, x.column) < std::tie(y.line, y.column);
        });
        QStringList names;
        for (const toml::key *key : keys)
            names << QString::fromStdString(std::string(key->str()));
        return names;
    }

    fields::SourceSpot location(const QString &key) const
    {
        const auto it = m_table->find(key.toStdString());
        return it == m_table->end() ? fields::SourceSpot() : location(it->first.source());
    }

private:
    const toml::node *find(const QString &key) const
    {
        return m_table->get(key.toStdString());
    }

    fields::SourceSpot location(const toml::source_region &region) const
    {
        return tomlSpot(*m_sourceName, region.begin);
    }

    const toml::table *m_table;
    const QString *m_sourceName;
};

using TomlReader = FieldReader<TomlSource>;

/// The tables under `list`, each named by its key ([pools.<name>]), in document order.
template<typename Item, typename Visit>
QList<Item> readNamedTables(TomlReader &parent, QLatin1StringView list, QString Item::*name,
                            Visit visit)
{
    QList<Item> items;
    std::optional<TomlReader> tables = parent.table(list);
    if (!tables)
        return items;
    const QStringList keys = tables->source().keys();
    for (const QString &key : keys) {
        if (std::optional<TomlReader> reader = tables->table(key)) {
            Item item;
            item.*name = key;
            visit(item, *reader);
            reader->rejectUnknownKeys();
            items << item;
        }
    }
    return items;
}

EngineConfig readDocument(TomlReader &reader, ReplicaSettings *replica)
{
    EngineConfig config;
    fields::visitGlobal(config, reader);
    ReplicaSettings local;
    fields::visitReplica(local, reader);
    if (replica)
        *replica = local;
    config.pools = readNamedTables(reader, "pools"_L1, &PoolConfig::name,
                                   [](PoolConfig &pool, auto &r) { fields::visitPool(pool, r); });
    config.tiers = readNamedTables(reader, "tiers"_L1, &TierConfig::name,
                                   [](TierConfig &tier, auto &r) { fields::visitTier(tier, r); });
    config.pricing = readNamedTables(
        reader, "pricing"_L1, &ModelPrice::model,
        [](ModelPrice &price, auto &r) { fields::visitPrice(price, r); });
    config.alertRules = fields::readItems(
        reader, "alert_rules"_L1, "id"_L1, &AlertRule::id,
        [](AlertRule &rule, auto &r) { fields::visitAlertRule(rule, r); });
    reader.rejectUnknownKeys();
    return config;
}
} // namespace

Result<EngineConfig> readTomlConfig(const QByteArray &document, const QString &sourceName,
                                    ReplicaSettings *replica)
{
    QList<FieldError> errors;
    const std::string source = sourceName.toStdString();
    toml::table root;
    try {
        root = toml::parse(std::string_view(document.constData(), std::size_t(document.size())),
                           source);
    } catch (const toml::parse_error &error) {
        const fields::SourceSpot spot = tomlSpot(sourceName, error.source().begin);
        errors << FieldError{QString(),
                             spot.prefix % QString::fromUtf8(error.description().data(),
                                                             qsizetype(error.description().size())),
                             spot.line, spot.column};
        return checkedValue(EngineConfig(), std::move(errors));
    }
    TomlReader reader(TomlSource(root, sourceName), QString(), errors);
    EngineConfig config = readDocument(reader, replica);
    return checkedValue(std::move(config), std::move(errors));
}

Result<EngineConfig> readConfigFile(const QString &path, ReplicaSettings *replica)
{
    QFile file(path);
    const auto failure = [&path](const QString &why) {
        const QString message = u"Cannot read the configuration file "_s % path % u": "_s % why;
        return Result<EngineConfig>(
            Error{errors::kConfigUnreadable, message, {FieldError{QString(), message}}});
    };
    if (!file.exists())
        return failure(u"no such file"_s);
    if (QFileInfo(path).isDir())
        return failure(u"it is a directory"_s);
    if (!file.open(QIODevice::ReadOnly))
        return failure(file.errorString());
    const QByteArray document = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return failure(file.errorString());
    return readTomlConfig(document, path, replica);
}

} // namespace sluice
