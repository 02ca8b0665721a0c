#include "CtlMain.h"

#include "CommandTable.h"
#include "CtlRun.h"
#include "Usage.h"

#include <QJsonDocument>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
void registerOptions(QCommandLineParser &parser)
{
    for (const CtlOption &option : ctlOptions()) {
        QStringList names{QString(option.name)};
        if (option.name == "help"_L1)
            names.prepend(u"h"_s);
        parser.addOption(
            QCommandLineOption(names, QString(option.help), QString(option.valueName)));
    }
}

/// The command, checked against the table; throws a usage failure naming what is wrong.
const CtlCommand &checkedCommand(const QCommandLineParser &parser, QStringList *arguments)
{
    const QStringList words = parser.positionalArguments();
    qsizetype consumed = 0;
    const CtlCommand *command = findCommand(words, &consumed);
    if (!command) {
        QStringList sub;
        for (const CtlCommand &each : ctlCommands()) {
            const QStringList name = QString(each.name).split(u' ');
            if (name.size() > 1 && name.first() == words.first())
                sub << name.at(1);
        }
        if (!sub.isEmpty())
            CtlRun::fail(ExitCode::Usage,
                         u"'%1' needs one of: %2 (got %3)"_s.arg(
                             words.first(), sub.join(u", "_s),
                             words.size() > 1 ? u"'%1'"_s.arg(words.at(1)) : u"nothing"_s));
        CtlRun::fail(ExitCode::Usage,
                     u"unknown command '%1' (sluicectl --help lists the commands)"_s.arg(
                         words.first().left(60)));
    }
    if (parser.isSet(u"help"_s))
        return *command;
    const QList<const CtlOption *> own = commandOptions(*command);
    for (const QString &name : parser.optionNames()) {
        const CtlOption *option = findOption(QLatin1StringView(name.toLatin1()));
        const bool allowed = name == u"h" || (option && (option->global || own.contains(option)));
        if (!allowed)
            CtlRun::fail(ExitCode::Usage,
                         u"--%1 is not an option of '%2' (see sluicectl %2 --help)"_s.arg(
                             name, command->name));
    }
    *arguments = words.mid(consumed);
    const qsizetype count = arguments->size();
    if (count < command->minArgs || (command->maxArgs >= 0 && count > command->maxArgs)) {
        const QString synopsis =
            command->synopsis.isEmpty() ? u"no arguments"_s : QString(command->synopsis);
        CtlRun::fail(ExitCode::Usage, u"'%1' takes %2 (got %3 argument%4)"_s.arg(
                                          command->name, synopsis, QString::number(count),
                                          count == 1 ? QString() : u"s"_s));
    }
    return *command;
}

int report(const CtlFailure &failure, bool json, QTextStream &out, QTextStream &err)
{
    err << "sluicectl: " << failure.message << '\n';
    if (json) {
        QJsonObject object = failure.body;
        if (!object.contains("error"_L1))
            object.insert(u"error"_s, QString(exitCodeName(failure.code)));
        if (!object.contains("message"_L1))
            object.insert(u"message"_s, failure.message);
        object.insert(u"exit_code"_s, toInt(failure.code));
        out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    }
    return toInt(failure.code);
}
} // namespace

int runSluicectl(const QStringList &arguments, const QProcessEnvironment &environment,
                 QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    registerOptions(parser);
    const bool json = arguments.contains(u"--json"_s);
    if (!parser.parse(arguments)) {
        return report(
            {ExitCode::Usage, parser.errorText() + u" (sluicectl --help lists the options)"_s, {}},
            json, out, err);
    }
    if (parser.isSet(u"version"_s)) {
        out << ctlVersion() << '\n';
        return toInt(ExitCode::Ok);
    }
    if (parser.positionalArguments().isEmpty()) {
        if (parser.isSet(u"help"_s)) {
            out << ctlUsage();
            return toInt(ExitCode::Ok);
        }
        err << ctlUsage();
        return report({ExitCode::Usage, u"no command given"_s, {}}, json, out, err);
    }
    const QString first = parser.positionalArguments().first();
    qsizetype consumed = 0;
    if (parser.isSet(u"help"_s) && !findCommand(parser.positionalArguments(), &consumed) &&
        !groupUsage(first).isEmpty()) {
        out << groupUsage(first);
        return toInt(ExitCode::Ok);
    }
    try {
        QStringList commandArguments;
        const CtlCommand &command = checkedCommand(parser, &commandArguments);
        if (parser.isSet(u"help"_s)) {
            out << commandUsage(command);
            return toInt(ExitCode::Ok);
        }
        CtlRun run(parser, commandArguments, out, err);
        std::optional<GatewayClient> client;
        if (command.needsGateway) {
            SettingsError error{ExitCode::Ok, {}};
            std::optional<CtlSettings> settings = resolveSettings(parser, environment, &error);
            if (!settings)
                CtlRun::fail(error.code, error.message);
            client.emplace(std::move(*settings));
            run.setClient(&*client);
        }
        const int code = command.run(run);
        out.flush();
        return code;
    } catch (const CtlFailure &failure) {
        return report(failure, json, out, err);
    }
}

} // namespace sluice::ctl
