#include "CtlRun.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

CtlRun::CtlRun(const QCommandLineParser &parser, QStringList arguments, QTextStream &out,
               QTextStream &err)
    : m_parser(parser)
    , m_args(std::move(arguments))
    , m_out(out)
    , m_err(err)
    , m_json(parser.isSet(u"json"_s))
{}

qint64 CtlRun::intOption(const QString &option, qint64 fallback, qint64 min, qint64 max) const
{
    if (!m_parser.isSet(option))
        return fallback;
    bool ok = false;
    const QString text = m_parser.value(option);
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        fail(ExitCode::Usage,
             u"--%1 must be an integer between %2 and %3 (got \"%4\")"_s.arg(
                 option, QString::number(min), QString::number(max), text.left(40)));
    return value;
}

qint64 CtlRun::intArg(qsizetype index, const QString &what, qint64 min, qint64 max) const
{
    bool ok = false;
    const QString text = arg(index);
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        fail(ExitCode::Usage, u"%1 must be an integer between %2 and %3 (got \"%4\")"_s.arg(
                                  what, QString::number(min), QString::number(max), text.left(40)));
    return value;
}

ExitCode exitCodeForStatus(int status, const QString &errorCode)
{
    switch (status) {
    case 0:
    case 503:
        return ExitCode::Unreachable;
    case 400:
    case 422:
        return ExitCode::Invalid;
    case 401:
    case 403:
        return ExitCode::Auth;
    case 404:
        return ExitCode::NotFound;
    case 409:
    case 412:
        return ExitCode::Conflict;
    case 429:
        return errorCode == u"AUTH_THROTTLED" ? ExitCode::Auth : ExitCode::Error;
    default:
        return ExitCode::Error;
    }
}

QLatin1StringView exitCodeName(ExitCode code)
{
    switch (code) {
    case ExitCode::Ok:
        return "OK"_L1;
    case ExitCode::Error:
        return "ERROR"_L1;
    case ExitCode::Usage:
        return "USAGE"_L1;
    case ExitCode::Unreachable:
        return "UNREACHABLE"_L1;
    case ExitCode::Auth:
        return "AUTH"_L1;
    case ExitCode::NotFound:
        return "NOT_FOUND"_L1;
    case ExitCode::Conflict:
        return "CONFLICT"_L1;
    case ExitCode::Invalid:
        return "INVALID"_L1;
    case ExitCode::StillDraining:
        return "STILL_DRAINING"_L1;
    }
    return "ERROR"_L1;
}

void CtlRun::fail(ExitCode code, const QString &message)
{
    throw CtlFailure{code, message, {}};
}

void CtlRun::failFrom(const ApiResult &result, const QString &what)
{
    if (result.status == 0)
        throw CtlFailure{ExitCode::Unreachable, result.transportError, {}};
    const QString code = result.errorCode();
    QString message = result.errorMessage();
    if (message.isEmpty())
        message =
            u"HTTP %1 without a Sluice error in the answer: is the URL a Sluice gateway?"_s.arg(
                result.status);
    else
        message += u" (HTTP %1%2)"_s.arg(QString::number(result.status),
                                         code.isEmpty() ? QString() : u' ' + code);
    if (result.status == 401)
        message += u"; check --key, SLUICE_API_KEY or the settings file"_s;
    throw CtlFailure{exitCodeForStatus(result.status, code), what + u": "_s + message,
                     result.json.toObject()};
}

QJsonObject CtlRun::expect(const ApiResult &result, const QString &what)
{
    if (!result.ok())
        failFrom(result, what);
    if (!result.json.isObject())
        fail(ExitCode::Error,
             u"%1: the gateway's answer (HTTP %2) is not a JSON object"_s.arg(what).arg(
                 result.status));
    return result.json.toObject();
}

QJsonObject CtlRun::get(const QString &path, const QString &what, const QUrlQuery &query)
{
    return expect(client().get(path, query), what);
}

ApiResult CtlRun::getResult(const QString &path, const QString &what, const QUrlQuery &query)
{
    ApiResult result = client().get(path, query);
    expect(result, what);
    return result;
}

QJsonObject CtlRun::send(const QByteArray &method, const QString &path, const QString &what,
                         const QJsonObject &body, qint32 ifMatch)
{
    return expect(client().send(method, path, body, ifMatch), what);
}

int CtlRun::printJson(const QJsonValue &value)
{
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    return toInt(ExitCode::Ok);
}

} // namespace sluice::ctl
