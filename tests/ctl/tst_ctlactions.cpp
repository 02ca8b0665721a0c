#include "CtlFixture.h"

#include <QJsonArray>

using namespace sluice::test;

/// sluicectl's operator and admin actions against a real gateway: pause, resume, drain with
/// progress, purge, a user's tier, alerts and keys; each as text and as --json.
class TestCtlActions : public QObject
{
    Q_OBJECT

private:
    CtlFixture m_gateway;

private slots:
    void initTestCase() { QVERIFY(m_gateway.start()); }
    void cleanupTestCase() { m_gateway.stop(); }

    void pauseAndResume()
    {
        const CtlResult paused = m_gateway.ctl({u"pause"_s, u"tts"_s});
        QCOMPARE(paused.exitCode, 0);
        QCOMPARE(paused.out, QByteArray("Pool tts is paused: 0 waiting, 0 in flight.\n"));
        const CtlResult status = m_gateway.ctl({u"pools"_s, u"tts"_s, u"--json"_s});
        QCOMPARE(status.json().value("mode"_L1).toString(), u"paused"_s);

        const CtlResult resumed = m_gateway.ctl({u"resume"_s, u"tts"_s, u"--json"_s});
        QCOMPARE(resumed.exitCode, 0);
        QCOMPARE(resumed.json().value("pool"_L1).toObject().value("mode"_L1).toString(),
                 u"running"_s);

        const CtlResult unknown = m_gateway.ctl({u"pause"_s, u"nosuch"_s});
        QCOMPARE(unknown.exitCode, 5);
        QVERIFY2(unknown.err.contains("pause pool 'nosuch': unknown pool 'nosuch'"), unknown.err);
    }

    void drainWaitsUntilDrained()
    {
        int status = 0;
        const QString lease = m_gateway.acquire(u"tts"_s, u"alice"_s, &status);
        QCOMPARE(status, 200);
        QProcess drain;
        drain.setProcessEnvironment(m_gateway.environment(m_gateway.adminKey));
        drain.start(QStringLiteral(SLUICECTL_PATH),
                    {u"drain"_s, u"tts"_s, u"--wait"_s, u"--interval"_s, u"100"_s});
        QByteArray progress;
        QTRY_VERIFY_WITH_TIMEOUT((progress += drain.readAllStandardError())
                                     .contains("Draining tts: 0 waiting, 1 in flight"),
                                 kCtlWaitMs);
        QCOMPARE(drain.state(), QProcess::Running); // still waiting for the lease
        m_gateway.release(lease);
        QVERIFY(drain.waitForFinished(kCtlWaitMs));
        QCOMPARE(drain.exitCode(), 0);
        QCOMPARE(drain.readAllStandardOutput(),
                 QByteArray("Pool tts is drained: 0 waiting, 0 in flight.\n"));

        // Nothing new is admitted while drained.
        m_gateway.acquire(u"tts"_s, u"bob"_s, &status);
        QVERIFY(status >= 400);
        QCOMPARE(m_gateway.ctl({u"resume"_s, u"tts"_s}).exitCode, 0);
    }

    void drainGivesUpAtMaxWait()
    {
        int status = 0;
        const QString lease = m_gateway.acquire(u"tts"_s, u"carol"_s, &status);
        QCOMPARE(status, 200);
        const CtlResult result = m_gateway.ctl({u"drain"_s, u"tts"_s, u"--wait"_s, u"--interval"_s,
                                                u"200"_s, u"--max-wait"_s, u"1"_s, u"--json"_s});
        QCOMPARE(result.exitCode, 8);
        QVERIFY2(result.err.contains("pool 'tts' is still draining after 1 s"), result.err);
        QCOMPARE(result.json().value("error"_L1).toString(), u"STILL_DRAINING"_s);
        m_gateway.release(lease);
        QCOMPARE(m_gateway.ctl({u"resume"_s, u"tts"_s}).exitCode, 0);

        const CtlResult misuse = m_gateway.ctl({u"drain"_s, u"tts"_s, u"--interval"_s, u"100"_s});
        QCOMPARE(misuse.exitCode, 2);
    }

    void purgeNeedsConfirmation()
    {
        int status = 0;
        const QString lease = m_gateway.acquire(u"llm"_s, u"alice"_s, &status);
        m_gateway.acquire(u"llm"_s, u"bob"_s, &status);
        QCOMPARE(status, 202);
        const CtlResult unconfirmed = m_gateway.ctl({u"purge"_s, u"llm"_s});
        QCOMPARE(unconfirmed.exitCode, 2);
        QVERIFY2(unconfirmed.err.contains("add --yes"), unconfirmed.err);

        const CtlResult purged = m_gateway.ctl({u"purge"_s, u"llm"_s, u"--yes"_s});
        QCOMPARE(purged.exitCode, 0);
        QCOMPARE(purged.out, QByteArray("Purged 1 waiting ticket from pool llm.\n"));
        const CtlResult again = m_gateway.ctl({u"purge"_s, u"llm"_s, u"--yes"_s, u"--json"_s});
        QCOMPARE(again.json().value("purged"_L1).toInt(), 0);
        m_gateway.release(lease);
    }

    void userTier()
    {
        const CtlResult pinned = m_gateway.ctl({u"user"_s, u"tier"_s, u"erin"_s, u"pro"_s});
        QCOMPARE(pinned.exitCode, 0);
        QCOMPARE(pinned.out, QByteArray("erin is on tier pro from now on.\n"));
        const QJsonObject quota = m_gateway.ctl({u"user"_s, u"show"_s, u"erin"_s, u"--json"_s})
                                      .json()
                                      .value("quota"_L1)
                                      .toObject();
        QCOMPARE(quota.value("tier"_L1).toString(), u"pro"_s);
        QVERIFY(quota.value("tier_pinned"_L1).toBool());

        const CtlResult unpinned =
            m_gateway.ctl({u"user"_s, u"tier"_s, u"erin"_s, u"--unpin"_s, u"--json"_s});
        QCOMPARE(unpinned.exitCode, 0);
        QCOMPARE(unpinned.json().value("quota"_L1).toObject().value("tier"_L1).toString(),
                 u"free"_s);

        const CtlResult unknown = m_gateway.ctl({u"user"_s, u"tier"_s, u"erin"_s, u"platinum"_s});
        QCOMPARE(unknown.exitCode, 7);
        QVERIFY2(unknown.err.contains("unknown tier 'platinum'"), unknown.err);
        QCOMPARE(m_gateway.ctl({u"user"_s, u"tier"_s, u"erin"_s}).exitCode, 2);
    }

    void alerts()
    {
        const CtlResult test = m_gateway.ctl({u"alerts"_s, u"test"_s, u"--json"_s});
        QCOMPARE(test.exitCode, 0);
        QCOMPARE(test.json().value("rule_id"_L1).toString(), u"test"_s);

        // One slot of one in use: the concurrency alert fires on the next sample (each second).
        int status = 0;
        const QString lease = m_gateway.acquire(u"llm"_s, u"alice"_s, &status);
        QCOMPARE(status, 200);
        QJsonArray active;
        QTRY_VERIFY_WITH_TIMEOUT(!(active = m_gateway.ctl({u"alerts"_s, u"list"_s, u"--json"_s})
                                                .json()
                                                .value("active"_L1)
                                                .toArray())
                                      .isEmpty(),
                                 kCtlWaitMs);
        const QString id = QString::number(active.first().toObject().value("id"_L1).toInteger());
        const CtlResult listed = m_gateway.ctl({u"alerts"_s, u"list"_s});
        QVERIFY(listed.out.contains("Active:"));
        QVERIFY(listed.out.contains("busy"));

        const CtlResult acked = m_gateway.ctl({u"alerts"_s, u"ack"_s, id});
        QCOMPARE(acked.exitCode, 0);
        QVERIFY(acked.out.startsWith(QByteArray("Alert " + id.toLatin1() + " acknowledged")));
        const CtlResult twice = m_gateway.ctl({u"alerts"_s, u"ack"_s, id, u"--json"_s});
        QCOMPARE(twice.exitCode, 5);
        QCOMPARE(twice.json().value("exit_code"_L1).toInt(), 5);
        QCOMPARE(m_gateway.ctl({u"alerts"_s, u"ack"_s, u"x1"_s}).exitCode, 2);
        m_gateway.release(lease);
    }

    void keys()
    {
        const CtlResult created = m_gateway.ctl(
            {u"keys"_s, u"create"_s, u"--name"_s, u"bot"_s, u"--role"_s, u"client"_s});
        QCOMPARE(created.exitCode, 0);
        QVERIFY(created.out.startsWith("sk_"));
        QVERIFY(created.err.contains("shown this once"));
        const QByteArray botKey = created.out.trimmed();
        QCOMPARE(m_gateway.ctlWith({u"whoami"_s, u"--json"_s}, m_gateway.environment(botKey))
                     .json()
                     .value("name"_L1)
                     .toString(),
                 u"bot"_s);

        QString id;
        for (const QJsonValue &key :
             m_gateway.ctl({u"keys"_s, u"list"_s, u"--json"_s}).json().value("keys"_L1).toArray()) {
            if (key.toObject().value("name"_L1).toString() == u"bot")
                id = key.toObject().value("id"_L1).toString();
        }
        QVERIFY(!id.isEmpty());
        const CtlResult revoked = m_gateway.ctl({u"keys"_s, u"revoke"_s, id, u"--json"_s});
        QCOMPARE(revoked.exitCode, 0);
        QVERIFY(revoked.json().value("revoked"_L1).toBool());
        QCOMPARE(m_gateway.ctl({u"keys"_s, u"revoke"_s, id}).exitCode, 6); // 409: already
        QCOMPARE(m_gateway.ctl({u"keys"_s, u"revoke"_s, u"nosuch"_s}).exitCode, 5);
        const CtlResult badRole =
            m_gateway.ctl({u"keys"_s, u"create"_s, u"--name"_s, u"x"_s, u"--role"_s, u"wizard"_s});
        QCOMPARE(badRole.exitCode, 7);
        QVERIFY2(badRole.err.contains("role must be client, support, operator or admin"),
                 badRole.err);
    }

    void auditFilters()
    {
        const QJsonArray pauses =
            m_gateway.ctl({u"audit"_s, u"--action"_s, u"pool.pause"_s, u"--json"_s})
                .json()
                .value("entries"_L1)
                .toArray();
        QVERIFY(!pauses.isEmpty());
        for (const QJsonValue &entry : pauses) {
            QCOMPARE(entry.toObject().value("action"_L1).toString(), u"pool.pause"_s);
            QCOMPARE(entry.toObject().value("actor"_L1).toString(), u"ops"_s);
        }
        const CtlResult table =
            m_gateway.ctl({u"audit"_s, u"--target"_s, u"tts"_s, u"--limit"_s, u"50"_s});
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.contains("pool.drain"));
        QVERIFY(!table.out.contains("user.tier"));
        const CtlResult future = m_gateway.ctl({u"audit"_s, u"--from"_s, u"2999-01-01T00:00Z"_s});
        QCOMPARE(future.exitCode, 0);
        QCOMPARE(future.out, QByteArray("No audit entries match.\n"));
        const CtlResult bad = m_gateway.ctl({u"audit"_s, u"--from"_s, u"yesterday"_s});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("--from must be a time such as"), bad.err);
    }
};

QTEST_GUILESS_MAIN(TestCtlActions)
#include "tst_ctlactions.moc"
