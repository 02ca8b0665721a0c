#include "Usage.h"

#include "CommandTable.h"
#include "ExitCode.h"

#include <QStringList>

#include <algorithm>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
QString optionLine(const CtlOption &option)
{
    QString head = u"  --"_s + option.name;
    if (!option.valueName.isEmpty())
        head += u' ' + option.valueName;
    return head.leftJustified(24) + u' ' + option.help + u'\n';
}

QString wrapped(const QString &text, qsizetype width)
{
    QString result;
    QString line;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
            result += line + u'\n';
            line.clear();
        }
        line += (line.isEmpty() ? QString() : u" "_s) + word;
    }
    return result + line + u'\n';
}
} // namespace

QString ctlVersion()
{
    return u"sluicectl " SLUICE_VERSION ""_s;
}

QString ctlUsage()
{
    QString text = u"Usage: sluicectl [OPTIONS] COMMAND [ARGS]\n\n"
                   "Operates a Sluice gateway (sluiced) through its HTTP API.\n\nCommands:\n"_s;
    qsizetype width = 0;
    for (const CtlCommand &command : ctlCommands())
        width = std::max(width, command.name.size() + 1 + command.synopsis.size());
    for (const CtlCommand &command : ctlCommands()) {
        const QString head = QString(command.name) + u' ' + command.synopsis;
        text += u"  "_s + head.leftJustified(width + 2) + command.summary + u'\n';
    }
    text += u"\nGlobal options:\n"_s;
    for (const CtlOption &option : ctlOptions()) {
        if (option.global)
            text += optionLine(option);
    }
    text += u"\nSettings: each of the URL and the key comes from the first of the options above,\n"
            "the environment (SLUICE_URL, SLUICE_API_KEY, SLUICE_API_KEY_FILE), and the settings\n"
            "file (TOML: url, key, key_file, insecure, timeout). The key is never printed.\n"
            "\nExit codes:\n"_s;
    for (const ExitCodeDoc &doc : kExitCodes)
        text += u"  %1  %2\n"_s.arg(toInt(doc.code)).arg(doc.meaning);
    text += u"\nsluicectl COMMAND --help shows a command's own options. See sluicectl(1).\n"_s;
    return text;
}

QString groupUsage(const QString &group)
{
    QString lines;
    for (const CtlCommand &command : ctlCommands()) {
        if (QString(command.name).startsWith(group + u' '))
            lines += u"  "_s +
                     (u"sluicectl %1 %2"_s.arg(command.name, command.synopsis)).trimmed() +
                     u"\n      "_s + command.summary + u'\n';
    }
    if (lines.isEmpty())
        return {};
    return u"Commands of '%1' (sluicectl %1 COMMAND --help for one):\n\n"_s.arg(group) + lines;
}

QString commandUsage(const CtlCommand &command)
{
    QString text = u"Usage: sluicectl %1%2 [OPTIONS]\n\n"_s.arg(
        command.name, command.synopsis.isEmpty() ? QString() : u' ' + command.synopsis);
    text += command.summary + u".\n"_s;
    if (!command.details.isEmpty())
        text += u'\n' + wrapped(QString(command.details), 90);
    const QList<const CtlOption *> options = commandOptions(command);
    if (!options.isEmpty()) {
        text += u"\nOptions:\n"_s;
        for (const CtlOption *option : options)
            text += optionLine(*option);
    }
    text += u"\nGlobal options (--url, --key, --json, ...) and exit codes: sluicectl --help\n"_s;
    return text;
}

} // namespace sluice::ctl
