#include "config/ConfigMerge.h"
#include "config/DefaultConfig.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

/// The three-way merge behind the dashboard's concurrent edits: our edits on top of a version
/// someone else applied meanwhile, with the settings both changed named.
class TestConfigMerge : public QObject
{
    Q_OBJECT

private slots:
    /// The bug report's case: B raised anthropic's slots 5 -> 6 while A lowered its RPM. The
    /// merge keeps both; neither side's change is written back over the other.
    void editsOfDifferentSettingsAreBothKept()
    {
        const EngineConfig base = defaultConfig();
        EngineConfig theirs = base;
        theirs.pools[0].maxConcurrent = 6;
        EngineConfig ours = base;
        ours.pools[0].requestsPerMinute = 40;
        const ConfigMerge merge = mergeConfigs(base, ours, theirs);
        QVERIFY(merge.conflicts.isEmpty());
        QVERIFY(merge.merged.has_value());
        QCOMPARE(merge.merged->pools[0].maxConcurrent, 6);
        QCOMPARE(merge.merged->pools[0].requestsPerMinute, std::optional<int>(40));
        QCOMPARE(merge.theirs,
                 (QList<ConfigChange>{{u"pools.anthropic.max_concurrent"_s, u"5"_s, u"6"_s}}));
        QCOMPARE(merge.ours, (QList<ConfigChange>{
                                 {u"pools.anthropic.requests_per_minute"_s, u"50"_s, u"40"_s}}));
    }

    void aSettingBothChangedIsAConflictAndOursIsKept()
    {
        const EngineConfig base = defaultConfig();
        EngineConfig theirs = base;
        theirs.pools[0].maxConcurrent = 6;
        EngineConfig ours = base;
        ours.pools[0].maxConcurrent = 7;
        const ConfigMerge merge = mergeConfigs(base, ours, theirs);
        QCOMPARE(merge.conflicts, QStringList{u"pools.anthropic.max_concurrent"_s});
        QCOMPARE(merge.merged->pools[0].maxConcurrent, 7);
        QVERIFY(merge.conflicting(merge.theirs.first()));
        QVERIFY(merge.conflicting(merge.ours.first()));
    }

    void theSameChangeOnBothSidesIsNoConflict()
    {
        const EngineConfig base = defaultConfig();
        EngineConfig both = base;
        both.tiers[0].dailyRequests = 20;
        const ConfigMerge merge = mergeConfigs(base, both, both);
        QVERIFY(merge.conflicts.isEmpty());
        QCOMPARE(merge.merged->tiers[0].dailyRequests, 20);
    }

    void entriesAddedAndRemovedOnEitherSideAreMatchedByName()
    {
        const EngineConfig base = defaultConfig();
        EngineConfig theirs = base;
        PoolConfig added = base.pools[0];
        added.name = u"openai"_s;
        theirs.pools.append(added);
        theirs.pools.removeAt(1); // elevenlabs
        EngineConfig ours = base;
        std::swap(ours.pools[0], ours.pools[1]); // reordering alone changes nothing
        ours.pools[1].maxQueueLength = 50;       // anthropic, now second
        const ConfigMerge merge = mergeConfigs(base, ours, theirs);
        QVERIFY(merge.conflicts.isEmpty());
        QStringList names;
        for (const PoolConfig &pool : merge.merged->pools)
            names.append(pool.name);
        QCOMPARE(names, (QStringList{u"anthropic"_s, u"anam"_s, u"openai"_s})); // their order

        QCOMPARE(merge.merged->pools[0].maxQueueLength, 50);
    }

    void anEntryRemovedByThemAndEditedByUsIsAConflict()
    {
        const EngineConfig base = defaultConfig();
        EngineConfig theirs = base;
        theirs.pools.removeAt(1);
        EngineConfig ours = base;
        ours.pools[1].maxConcurrent = 9;
        const ConfigMerge merge = mergeConfigs(base, ours, theirs);
        QCOMPARE(merge.conflicts, QStringList{u"pools.elevenlabs"_s});
        QVERIFY(merge.merged->pool(u"elevenlabs"_s) != nullptr); // ours kept: edited, not gone
        QVERIFY(merge.conflicting(merge.ours.first()));          // pools.elevenlabs.max_concurrent
        QVERIFY(!merge.conflicting({u"pools.elevenlabsx"_s, {}, {}}));
    }

    void anUnlimitedSettingOnOneSideMerges()
    {
        const EngineConfig base = defaultConfig();
        EngineConfig theirs = base;
        theirs.pools[0].tokensPerMinute.reset();
        EngineConfig ours = base;
        ours.pools[1].requestsPerMinute = 30;
        const ConfigMerge merge = mergeConfigs(base, ours, theirs);
        QVERIFY(merge.conflicts.isEmpty());
        QVERIFY(!merge.merged->pools[0].tokensPerMinute.has_value());
        QCOMPARE(merge.merged->pools[1].requestsPerMinute, std::optional<int>(30));
    }

    /// Each side valid, the merge not: they made "pro" the default tier, we removed it.
    void aMergeThatIsNoConfigurationSaysWhy()
    {
        const EngineConfig base = defaultConfig();
        EngineConfig theirs = base;
        theirs.defaultTier = u"pro"_s;
        EngineConfig ours = base;
        ours.tiers.removeIf([](const TierConfig &tier) { return tier.name == u"pro"_s; });
        const ConfigMerge merge = mergeConfigs(base, ours, theirs);
        QVERIFY(merge.conflicts.isEmpty());
        QVERIFY(!merge.merged.has_value());
        QVERIFY(!merge.errors.isEmpty());
        QVERIFY2(describeErrors(merge.errors).contains(u"pro"_s),
                 qPrintable(describeErrors(merge.errors)));
    }
};

QTEST_GUILESS_MAIN(TestConfigMerge)
#include "tst_configmerge.moc"
