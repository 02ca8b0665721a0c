#pragma once

#include "ExitCode.h"
#include "GatewayClient.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

namespace sluice::ctl {

/// Why a command stopped: thrown by CtlRun's checks, caught once in main, which prints the
/// message (and with --json the error object) and exits with the code.
struct CtlFailure
{
    ExitCode code;
    QString message;
    QJsonObject body; ///< the API's error answer, when there was one
};

/// What a command runs with: its arguments and options, the gateway, the output streams.
/// Main thread only.
class CtlRun
{
public:
    CtlRun(const QCommandLineParser &parser, QStringList arguments, QTextStream &out,
           QTextStream &err);

    const QStringList &args() const { return m_args; }
    QString arg(qsizetype index) const { return m_args.value(index); }
    bool isSet(const QString &option) const { return m_parser.isSet(option); }
    QString value(const QString &option) const { return m_parser.value(option); }
    /// An integer option in [min, max]; `fallback` when absent; a usage failure otherwise.
    qint64 intOption(const QString &option, qint64 fallback, qint64 min, qint64 max) const;
    /// An integer argument in [min, max], named `what` in the error.
    qint64 intArg(qsizetype index, const QString &what, qint64 min, qint64 max) const;

    bool json() const { return m_json; }
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }

    void setClient(GatewayClient *client) { m_client = client; }
    GatewayClient &client() { return *m_client; }

    /// GET, failing (throwing CtlFailure) unless the answer is a JSON 2xx; `what` names the
    /// action in the error ("pool 'x'").
    QJsonObject get(const QString &path, const QString &what, const QUrlQuery &query = {});
    ApiResult getResult(const QString &path, const QString &what, const QUrlQuery &query = {});
    QJsonObject send(const QByteArray &method, const QString &path, const QString &what,
                     const QJsonObject &body = {}, qint32 ifMatch = 0);
    /// Throws the failure an unsuccessful answer stands for.
    [[noreturn]] static void failFrom(const ApiResult &result, const QString &what);
    /// The answer's object, or a failure when it is not a successful JSON answer.
    static QJsonObject expect(const ApiResult &result, const QString &what);
    [[noreturn]] static void fail(ExitCode code, const QString &message);

    /// Prints a JSON value for scripts (indented); returns ExitCode::Ok as an int.
    int printJson(const QJsonValue &value);

private:
    const QCommandLineParser &m_parser;
    QStringList m_args;
    QTextStream &m_out;
    QTextStream &m_err;
    bool m_json = false;
    GatewayClient *m_client = nullptr;
};

/// The exit code of an HTTP status (0: no answer), e.g. 404 -> NotFound.
ExitCode exitCodeForStatus(int status, const QString &errorCode);
/// A stable name for a code, used as "error" in --json output of local failures.
QLatin1StringView exitCodeName(ExitCode code);

} // namespace sluice::ctl
