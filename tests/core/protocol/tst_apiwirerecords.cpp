#include "WireSamples.h"

#include "config/DefaultConfig.h"
#include "protocol/ApiResponse.h"
#include "protocol/WireDashboard.h"
#include "protocol/WireRecords.h"

#include <QJsonArray>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

class TestApiWireRecords : public QObject
{
    Q_OBJECT

private slots:
    void recordsRoundTrip()
    {
        QList<FieldError> errors;
        const AlertRecord alert = sampleAlert(3);
        QCOMPARE(alertRecordToJson(alertRecordFromJson(alertRecordToJson(alert), &errors)),
                 alertRecordToJson(alert));
        const AuditEntry entry{9, 1'767'261'600'000, u"ops-key"_s, u"pool.pause"_s, u"anthropic"_s,
                               {}};
        QCOMPARE(auditEntryToJson(auditEntryFromJson(auditEntryToJson(entry), &errors)),
                 auditEntryToJson(entry));
        const ConfigChange change{u"pools.anthropic.requests_per_minute"_s, u"50"_s, u"100"_s};
        QCOMPARE(configChangeFromJson(configChangeToJson(change), &errors), change);
        ConfigVersionRow row{4, 1'767'261'600'000, u"admin"_s, u"raise limits"_s,
                             QByteArray(R"({"default_tier":"free"})")};
        const ConfigVersionRow back = configVersionFromJson(configVersionToJson(row), &errors);
        QCOMPARE(back.version, 4);
        QCOMPARE(back.note, row.note);
        QCOMPARE(back.json, row.json);
        QVERIFY(errors.isEmpty());
    }

    void apiKeyNeverCarriesTheHash()
    {
        ApiKeyRow key{u"0123456789ab"_s, u"ci"_s, u"operator"_s, QByteArray(32, 'h'), 5, 0};
        const QJsonObject json = apiKeyToJson(key);
        QVERIFY(!json.contains("hash"_L1));
        QVERIFY(!QJsonDocument(json).toJson().contains("hhhh"));
        QList<FieldError> errors;
        const ApiKeyRow back = apiKeyFromJson(json, &errors);
        QCOMPARE(back.role, u"operator"_s);
        QVERIFY(back.hash.isEmpty());
        apiKeyFromJson(parse(R"({"id": "x", "role": "root"})"), &errors);
        QCOMPARE(fieldsOf(errors), QStringList{u"role"_s});
    }

    void versionedConfigRoundTrip()
    {
        const VersionedConfig config{12, defaultConfig()};
        QList<FieldError> errors;
        const VersionedConfig back =
            versionedConfigFromJson(versionedConfigToJson(config), &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(back.version, 12);
        QVERIFY(back.config == config.config);
        QJsonObject broken = versionedConfigToJson(config);
        QJsonObject inner = broken.value("config"_L1).toObject();
        inner.insert(u"default_tier"_s, 5);
        broken.insert(u"config"_s, inner);
        versionedConfigFromJson(broken, &errors);
        QCOMPARE(fieldsOf(errors), QStringList{u"config.default_tier"_s});
    }

    void configApplied()
    {
        const ConfigApplied applied{5, {{u"a"_s, u"1"_s, u"2"_s}, {u"b"_s, u"(none)"_s, u"x"_s}}};
        QList<FieldError> errors;
        const ConfigApplied back = configAppliedFromJson(configAppliedToJson(applied), &errors);
        QCOMPARE(back.version, 5);
        QCOMPARE(back.changes, applied.changes);
        configAppliedFromJson(parse(R"({"version": 1, "changes": [1, {"before": "x"}]})"), &errors);
        QCOMPARE(fieldsOf(errors), (QStringList{u"changes[0]"_s, u"changes[1].path"_s}));
    }

    void errorBody()
    {
        const ApiResponse response =
            ApiResponse::error(400, u"VALIDATION_FAILED"_s, u"bad"_s,
                               {{u"pools.a.max_concurrent"_s, u"must be between 1 and 10000"_s}});
        const QJsonObject body = QJsonDocument::fromJson(response.serializedBody()).object();
        QCOMPARE(body.value("error"_L1).toString(), u"VALIDATION_FAILED"_s);
        QCOMPARE(body.value("message"_L1).toString(), u"bad"_s);
        const Error error = errorFromJson(body);
        QCOMPARE(error.code, u"VALIDATION_FAILED"_s);
        QCOMPARE(error.fields.size(), 1);
        QCOMPARE(error.fields.first().field, u"pools.a.max_concurrent"_s);
        QCOMPARE(errorFromJson(QJsonObject{{u"ok"_s, true}}).code, u"INVALID_RESPONSE"_s);
    }

    void auditQueryFromUrl()
    {
        AuditQuery query;
        query.actor = u"ops"_s;
        query.from = 100;
        query.limit = 50;
        query.offset = 10;
        QList<FieldError> errors;
        const AuditQuery back = auditQueryFromQuery(auditQueryToQuery(query), &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(back.actor, query.actor);
        QCOMPARE(back.from, 100);
        QCOMPARE(back.limit, 50);
        QCOMPARE(back.offset, 10);
        auditQueryFromQuery({{u"limit"_s, u"5000"_s}, {u"to"_s, u"x"_s}, {u"who"_s, u"me"_s}},
                            &errors);
        QCOMPARE(fieldsOf(errors), (QStringList{u"limit"_s, u"to"_s, u"who"_s}));
    }

    void snapshotRoundTrip()
    {
        const DashboardSnapshot snapshot = sampleSnapshot();
        const QJsonObject json = dashboardSnapshotToJson(snapshot);
        QCOMPARE(json.value("type"_L1).toString(), u"snapshot"_s);
        QCOMPARE(json.value("protocol"_L1).toInt(), 1);
        QList<FieldError> errors;
        const DashboardSnapshot back = dashboardSnapshotFromJson(json, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(describeErrors(errors)));
        QCOMPARE(back.seq, snapshot.seq);
        QCOMPARE(back.pools.size(), 2);
        QCOMPARE(back.tiers.size(), 2);
        QCOMPARE(back.tiers[1].dailyRequests, 500);
        QCOMPARE(dashboardSnapshotToJson(back), json);
    }

    void deltaCarriesOnlyChanges()
    {
        const DashboardSnapshot before = sampleSnapshot();
        DashboardSnapshot after = before;
        after.seq = before.seq + 1;
        after.at += 100;
        QVERIFY(!dashboardDelta(before, after)); // only seq and time moved
        after.pools[1].inUse = 0;
        after.tiers.removeFirst();
        after.activeAlerts.clear();
        const std::optional<QJsonObject> delta = dashboardDelta(before, after);
        QVERIFY(delta);
        QCOMPARE(delta->value("type"_L1).toString(), u"delta"_s);
        QCOMPARE(delta->value("pools"_L1).toArray().size(), 1);
        QCOMPARE(delta->value("pools"_L1).toArray().first().toObject().value("name"_L1).toString(),
                 u"anam"_s);
        QCOMPARE(delta->value("tiers_removed"_L1).toArray(), QJsonArray{u"free"_s});
        QCOMPARE(delta->value("active_alerts"_L1).toArray(), QJsonArray());

        DashboardSnapshot reader = before;
        QList<FieldError> errors;
        QCOMPARE(applyDashboardDelta(reader, *delta, &errors), DeltaResult::Applied);
        QCOMPARE(dashboardSnapshotToJson(reader), dashboardSnapshotToJson(after));
    }

    void deltaGapAsksForSnapshot()
    {
        const DashboardSnapshot before = sampleSnapshot();
        DashboardSnapshot after = before;
        after.seq = before.seq + 2; // one message lost
        after.pools[0].waiting = 0;
        DashboardSnapshot reader = before;
        QList<FieldError> errors;
        QCOMPARE(applyDashboardDelta(reader, *dashboardDelta(before, after), &errors),
                 DeltaResult::Gap);
        QCOMPARE(reader.seq, before.seq);
        QCOMPARE(
            applyDashboardDelta(
                reader, parse(R"({"type": "delta", "seq": 42, "pools": [{"name": 3}]})"), &errors),
            DeltaResult::Invalid);
        QCOMPARE(reader.pools[0].waiting, 7);
    }

    void userDetailsRoundTrip()
    {
        UserDetails details;
        details.quota.user = u"bob"_s;
        details.quota.tier = u"pro"_s;
        details.quota.requestLimit = 500;
        details.quota.resetAt = 1'767'312'000'000;
        details.history = {{20'454, 3, 4000, 12'000'000}, {20'455, 1, 10, 0}};
        details.recentRejections = {
            {1'767'261'600'000, u"anthropic"_s, u"USER_LIMIT_EXCEEDED"_s, u"Daily limit"_s}};
        const QJsonObject json = userDetailsToJson(details);
        QCOMPARE(json.value("history"_L1).toArray().first().toObject().value("date"_L1).toString(),
                 u"2026-01-01"_s);
        QList<FieldError> errors;
        const UserDetails back = userDetailsFromJson(json, &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(userDetailsToJson(back), json);
        QCOMPARE(back.recentRejections.first().reason, u"USER_LIMIT_EXCEEDED"_s);
    }

    void alertLists()
    {
        const AlertLists lists{{sampleAlert(1)}, {sampleAlert(2), sampleAlert(3)}};
        QList<FieldError> errors;
        const AlertLists back = alertListsFromJson(alertListsToJson(lists), &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(back.history.size(), 2);
        QCOMPARE(back.history[1].id, 3);
        alertListsFromJson(parse(R"({"active": {}})"), &errors);
        QCOMPARE(fieldsOf(errors), QStringList{u"active"_s});
    }
};

QTEST_GUILESS_MAIN(TestApiWireRecords)
#include "tst_apiwirerecords.moc"
