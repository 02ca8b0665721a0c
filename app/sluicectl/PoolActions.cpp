// pause, resume, drain (optionally waiting with progress), purge: operating a pool (operator).

#include "Commands.h"
#include "CtlRun.h"
#include "Format.h"
#include "PoolTables.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

namespace {
QString poolPath(const QString &pool, const QString &rest = {})
{
    return u"/v1/pools/"_s + pathSegment(pool) + rest;
}

QJsonObject poolAction(CtlRun &run, const QString &action)
{
    const QString pool = run.arg(0);
    return run.send("POST", poolPath(pool, u'/' + action), u"%1 pool '%2'"_s.arg(action, pool))
        .value("pool"_L1)
        .toObject();
}

int reportAction(CtlRun &run, const QJsonObject &pool)
{
    if (run.json())
        return run.printJson(QJsonObject{{u"pool"_s, pool}});
    run.out() << u"Pool %1 is %2: %3.\n"_s.arg(pool.value("name"_L1).toString(),
                                               pool.value("mode"_L1).toString(), poolSummary(pool));
    return 0;
}

void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

/// Polls the pool until it is drained; progress on stderr for people (one rewritten line on
/// a terminal, a line per change elsewhere), nothing with --json.
int waitForDrain(CtlRun &run, QJsonObject pool)
{
    const QString name = run.arg(0);
    const int interval = int(run.intOption(u"interval"_s, 1000, 100, 10'000));
    const qint64 maxWaitMs = run.intOption(u"max-wait"_s, 0, 1, 7 * 24 * 3600) * 1000;
    const bool terminal = isatty(STDERR_FILENO) == 1;
    QElapsedTimer elapsed;
    elapsed.start();
    QString shown;
    while (true) {
        const QString mode = pool.value("mode"_L1).toString();
        if (mode == u"drained")
            break;
        if (mode != u"draining")
            CtlRun::fail(
                ExitCode::Conflict,
                u"pool '%1' is %2 now, no longer draining (someone resumed or paused it)"_s.arg(
                    name, mode));
        if (!run.json()) {
            const QString line = u"Draining %1: %2"_s.arg(name, poolSummary(pool));
            if (line != shown) {
                run.err() << (terminal ? u"\r\033[K"_s : QString()) << line
                          << (terminal ? "" : "\n");
                run.err().flush();
                shown = line;
            }
        }
        if (maxWaitMs > 0 && elapsed.elapsed() >= maxWaitMs) {
            if (terminal && !run.json())
                run.err() << '\n';
            throw CtlFailure{ExitCode::StillDraining,
                             u"pool '%1' is still draining after %2 s: %3; the drain goes on"_s.arg(
                                 name, QString::number(maxWaitMs / 1000), poolSummary(pool)),
                             {}};
        }
        pause(interval);
        pool = run.get(poolPath(name), u"pool '%1'"_s.arg(name));
    }
    if (terminal && !shown.isEmpty())
        run.err() << '\n';
    return reportAction(run, pool);
}

/// Asks on a terminal; elsewhere --yes must have been given.
bool confirmed(CtlRun &run, const QString &action, const QString &question)
{
    if (run.isSet(u"yes"_s))
        return true;
    if (isatty(STDIN_FILENO) != 1)
        CtlRun::fail(
            ExitCode::Usage,
            u"%1 needs confirmation: add --yes (standard input is not a terminal)"_s.arg(action));
    run.err() << question << "? [y/N] ";
    run.err().flush();
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return false;
    const QString answer = QString::fromLocal8Bit(in.readLine()).trimmed().toLower();
    return answer == u"y" || answer == u"yes";
}
} // namespace

int runPause(CtlRun &run)
{
    return reportAction(run, poolAction(run, u"pause"_s));
}

int runResume(CtlRun &run)
{
    return reportAction(run, poolAction(run, u"resume"_s));
}

int runDrain(CtlRun &run)
{
    if (!run.isSet(u"wait"_s) && (run.isSet(u"interval"_s) || run.isSet(u"max-wait"_s)))
        CtlRun::fail(ExitCode::Usage, u"--interval and --max-wait go with --wait"_s);
    const QJsonObject pool = poolAction(run, u"drain"_s);
    if (!run.isSet(u"wait"_s))
        return reportAction(run, pool);
    return waitForDrain(run, pool);
}

int runPurge(CtlRun &run)
{
    const QString name = run.arg(0);
    if (!run.isSet(u"yes"_s)) {
        const QJsonObject pool = run.get(poolPath(name), u"pool '%1'"_s.arg(name));
        const QString waiting = show(pool.value("waiting"_L1));
        if (!confirmed(run, u"purging pool %1 (%2 waiting)"_s.arg(name, waiting),
                       u"Fail all %1 waiting tickets of pool %2"_s.arg(waiting, name))) {
            run.err() << "Nothing purged.\n";
            return 1;
        }
    }
    const QJsonObject answer =
        run.send("POST", poolPath(name, u"/purge"_s), u"purge pool '%1'"_s.arg(name));
    if (run.json())
        return run.printJson(answer);
    const qint64 purged = answer.value("purged"_L1).toInteger();
    run.out() << u"Purged %1 waiting ticket%2 from pool %3.\n"_s.arg(
        QString::number(purged), purged == 1 ? QString() : u"s"_s, name);
    return 0;
}

} // namespace sluice::ctl
