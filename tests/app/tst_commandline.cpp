// The `sluice` executable answers --help, --version and a bad option without a display: it
// must not need one to print text (a QApplication without a display aborts).

#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_CommandLine : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QProcess::ExitStatus status = QProcess::CrashExit;
        QString out;
        QString err;
    };

    static Run run(const QStringList &arguments)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
            env.remove(name);
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(SLUICE_DASHBOARD_BIN), arguments);
        Run result;
        if (!process.waitForFinished(30'000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitCode();
        result.status = process.exitStatus();
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

private slots:
    void helpWithoutDisplay_data()
    {
        QTest::addColumn<QString>("option");
        QTest::newRow("--help") << u"--help"_s;
        QTest::newRow("-h") << u"-h"_s;
    }

    void helpWithoutDisplay()
    {
        QFETCH(QString, option);
        const Run result = run({option});
        QCOMPARE(result.status, QProcess::NormalExit);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith(u"Usage:"_s), qPrintable(result.out + result.err));
        QVERIFY(result.out.contains(u"--version"_s));
    }

    void versionWithoutDisplay()
    {
        const Run result = run({u"--version"_s});
        QCOMPARE(result.status, QProcess::NormalExit);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.trimmed(), u"sluice " SLUICE_VERSION ""_s);
    }

    void badOptionWithoutDisplay()
    {
        const Run result = run({u"--port"_s, u"70000"_s});
        QCOMPARE(result.status, QProcess::NormalExit);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(u"--port must be a number from 1 to 65535"_s),
                 qPrintable(result.err));
    }
};

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
