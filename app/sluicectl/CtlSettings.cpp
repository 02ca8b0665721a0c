#include "CtlSettings.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileDevice>

#include <toml++/toml.h>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
constexpr int kMaxTimeoutSeconds = 3600;

/// The entries of the settings file, as text (empty when absent).
struct FileSettings
{
    QString url;
    QString key;
    QString keyFile;
    std::optional<bool> insecure;
    std::optional<qint64> timeout;
};

std::optional<FileSettings> readSettingsFile(const QString &path, bool mustExist,
                                             SettingsError *error)
{
    FileSettings settings;
    QFile file(path);
    if (!file.exists()) {
        if (!mustExist)
            return settings;
        *error = {ExitCode::Usage, u"settings file %1 does not exist"_s.arg(path)};
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = {ExitCode::Usage,
                  u"cannot read settings file %1: %2"_s.arg(path, file.errorString())};
        return std::nullopt;
    }
    const QByteArray text = file.readAll();
    toml::table root;
    try {
        root = toml::parse(std::string_view(text.constData(), std::size_t(text.size())),
                           path.toStdString());
    } catch (const toml::parse_error &parse) {
        *error = {ExitCode::Usage,
                  u"%1:%2:%3: %4"_s.arg(path)
                      .arg(parse.source().begin.line)
                      .arg(parse.source().begin.column)
                      .arg(QString::fromUtf8(parse.description().data(),
                                             qsizetype(parse.description().size())))};
        return std::nullopt;
    }
    for (const auto &[name, node] : root) {
        const QString key = QString::fromUtf8(name.str().data(), qsizetype(name.str().size()));
        const auto wrongType = [&](const QString &expected) {
            *error = {ExitCode::Usage, u"%1: %2 must be %3"_s.arg(path, key, expected)};
        };
        if (key == u"url" || key == u"key" || key == u"key_file") {
            const std::optional<std::string> value = node.value<std::string>();
            if (!value || !node.is_string()) {
                wrongType(u"a string"_s);
                return std::nullopt;
            }
            (key == u"url"   ? settings.url
             : key == u"key" ? settings.key
                             : settings.keyFile) = QString::fromStdString(*value);
        } else if (key == u"insecure") {
            if (!node.is_boolean()) {
                wrongType(u"true or false"_s);
                return std::nullopt;
            }
            settings.insecure = *node.value<bool>();
        } else if (key == u"timeout") {
            if (!node.is_integer()) {
                wrongType(u"a whole number of seconds"_s);
                return std::nullopt;
            }
            settings.timeout = *node.value<std::int64_t>();
        } else {
            *error = {
                ExitCode::Usage,
                u"%1: unknown key '%2' (expected url, key, key_file, insecure, timeout)"_s.arg(
                    path, key)};
            return std::nullopt;
        }
    }
    if (!settings.key.isEmpty() &&
        (file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))) {
        *error = {ExitCode::Usage,
                  u"%1 holds a key and is readable by others: chmod 600 %1"_s.arg(path)};
        return std::nullopt;
    }
    return settings;
}

std::optional<QByteArray> readKeyFile(const QString &path, const QString &source,
                                      SettingsError *error)
{
    QFile file(
        QDir::fromNativeSeparators(path.startsWith(u"~/") ? QDir::homePath() + path.mid(1) : path));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = {ExitCode::Usage, u"cannot read the key file %1 (from %2): %3"_s.arg(
                                       path, source, file.errorString())};
        return std::nullopt;
    }
    const QByteArray key = file.readLine().trimmed();
    if (key.isEmpty()) {
        *error = {ExitCode::Usage, u"the key file %1 (from %2) is empty"_s.arg(path, source)};
        return std::nullopt;
    }
    return key;
}

std::optional<QUrl> parseUrl(const QString &text, const QString &source, SettingsError *error)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") ||
        url.host().isEmpty() || url.hasQuery() || url.hasFragment()) {
        *error = {
            ExitCode::Usage,
            u"%1 must be an http:// or https:// URL such as http://127.0.0.1:8787 (got \"%2\")"_s
                .arg(source, text.left(200))};
        return std::nullopt;
    }
    return url;
}
} // namespace

QString defaultSettingsPath(const QProcessEnvironment &environment)
{
    QString base = environment.value(u"XDG_CONFIG_HOME"_s);
    if (base.isEmpty() || !QDir::isAbsolutePath(base))
        base = environment.value(u"HOME"_s, QDir::homePath()) + u"/.config"_s;
    return base + u"/sluice/sluicectl.toml"_s;
}

std::optional<CtlSettings> resolveSettings(const QCommandLineParser &parser,
                                           const QProcessEnvironment &environment,
                                           SettingsError *error)
{
    const bool explicitFile = parser.isSet(u"config"_s);
    const QString path =
        explicitFile ? parser.value(u"config"_s) : defaultSettingsPath(environment);
    const std::optional<FileSettings> file = readSettingsFile(path, explicitFile, error);
    if (!file)
        return std::nullopt;

    CtlSettings settings;
    // The URL.
    QString urlText = u"http://127.0.0.1:8787"_s;
    QString urlSource = u"the default URL"_s;
    if (parser.isSet(u"url"_s)) {
        urlText = parser.value(u"url"_s);
        urlSource = u"--url"_s;
    } else if (environment.contains(u"SLUICE_URL"_s)) {
        urlText = environment.value(u"SLUICE_URL"_s);
        urlSource = u"SLUICE_URL"_s;
    } else if (!file->url.isEmpty()) {
        urlText = file->url;
        urlSource = u"url in %1"_s.arg(path);
    }
    const std::optional<QUrl> url = parseUrl(urlText, urlSource, error);
    if (!url)
        return std::nullopt;
    settings.url = *url;

    // The key: a flag, then the environment, then the file; a key beats a key file at each level.
    std::optional<QByteArray> key;
    if (parser.isSet(u"key"_s))
        key = parser.value(u"key"_s).toUtf8();
    else if (parser.isSet(u"key-file"_s))
        key = readKeyFile(parser.value(u"key-file"_s), u"--key-file"_s, error);
    else if (!environment.value(u"SLUICE_API_KEY"_s).isEmpty())
        key = environment.value(u"SLUICE_API_KEY"_s).toUtf8();
    else if (!environment.value(u"SLUICE_API_KEY_FILE"_s).isEmpty())
        key = readKeyFile(environment.value(u"SLUICE_API_KEY_FILE"_s), u"SLUICE_API_KEY_FILE"_s,
                          error);
    else if (!file->key.isEmpty())
        key = file->key.toUtf8();
    else if (!file->keyFile.isEmpty())
        key = readKeyFile(file->keyFile, u"key_file in %1"_s.arg(path), error);
    else {
        *error = {ExitCode::Auth,
                  u"no API key: give --key, --key-file, SLUICE_API_KEY or SLUICE_API_KEY_FILE, or "
                  "key or key_file in %1"_s.arg(path)};
        return std::nullopt;
    }
    if (!key)
        return std::nullopt;
    settings.key = key->trimmed();
    if (settings.key.isEmpty()) {
        *error = {ExitCode::Auth, u"the API key is empty"_s};
        return std::nullopt;
    }

    settings.insecure = parser.isSet(u"insecure"_s) || file->insecure.value_or(false);
    qint64 timeout = file->timeout.value_or(settings.timeoutMs / 1000);
    QString timeoutSource = u"timeout in %1"_s.arg(path);
    if (parser.isSet(u"timeout"_s)) {
        bool ok = false;
        timeout = parser.value(u"timeout"_s).toLongLong(&ok);
        timeoutSource = u"--timeout"_s;
        if (!ok)
            timeout = 0;
    }
    if (timeout < 1 || timeout > kMaxTimeoutSeconds) {
        *error = {ExitCode::Usage, u"%1 must be between 1 and %2 seconds (got \"%3\")"_s.arg(
                                       timeoutSource, QString::number(kMaxTimeoutSeconds),
                                       parser.isSet(u"timeout"_s) ? parser.value(u"timeout"_s)
                                                                  : QString::number(timeout))};
        return std::nullopt;
    }
    settings.timeoutMs = int(timeout * 1000);
    return settings;
}

} // namespace sluice::ctl
