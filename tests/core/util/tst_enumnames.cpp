// EnumNames, the one table of an enum's wire names, and every table built on it: each name
// reads back as its value, no two values share a name, and text that is not a name is none.
#include "config/AlertRule.h"
#include "engine/Decision.h"
#include "engine/PoolMode.h"
#include "engine/Reason.h"
#include "protocol/WireRecords.h"
#include "util/EnumNames.h"

#include <QSet>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {
enum class Colour
{
    Red,
    Green,
    Blue,
    Unnamed
};

constexpr EnumNames kColours{std::array{
    std::pair{Colour::Red, u"red"},
    std::pair{Colour::Green, u"green"},
    std::pair{Colour::Blue, u"blue"},
}};

/// Every value from 0 to `count` - 1 has a distinct name that reads back as itself.
template<typename Enum, typename Name, typename Parse>
bool roundTrips(int count, Name name, Parse parse)
{
    QSet<QString> seen;
    for (int i = 0; i < count; ++i) {
        const QString text = name(Enum(i));
        if (text.isEmpty() || seen.contains(text) || parse(text) != Enum(i)) {
            qWarning() << "value" << i << "named" << text;
            return false;
        }
        seen.insert(text);
    }
    return !parse(u"no such name"_s) && !parse(QString());
}
} // namespace

class TestEnumNames : public QObject
{
    Q_OBJECT

private slots:
    void namesAndValues()
    {
        QCOMPARE(kColours.name(Colour::Green), u"green"_s);
        QCOMPARE(kColours.name(Colour::Unnamed), QString());
        QCOMPARE(kColours.name(Colour::Unnamed, Colour::Red), u"red"_s);
        QCOMPARE(kColours.value(u"blue"), Colour::Blue);
        QCOMPARE(kColours.value(u"Blue"), std::nullopt);
        QCOMPARE(kColours.names(), (QStringList{u"red"_s, u"green"_s, u"blue"_s}));
        QCOMPARE(kColours.alternatives(), u"red, green or blue"_s);
    }

    void everyTableRoundTrips()
    {
        QVERIFY(roundTrips<PoolMode>(4, poolModeName, poolModeFromName));
        QVERIFY(roundTrips<Outcome>(3, outcomeName, outcomeFromName));
        QVERIFY(roundTrips<Role>(5, roleName, roleFromName));
        QVERIFY(roundTrips<Reason>(int(Reason::QueuePurged) + 1, reasonCode, reasonFromCode));
        QVERIFY(roundTrips<AlertMetric>(int(alertMetricNames().size()), alertMetricName,
                                        alertMetricFromName));
    }

    void wireNamesStayAsTheyAre()
    {
        QCOMPARE(poolModeAlternatives(), u"running, paused, draining or drained"_s);
        QCOMPARE(outcomeName(Outcome::Rejected), u"rejected"_s);
        QCOMPARE(roleName(Role::Operator), u"operator"_s);
        QCOMPARE(reasonCode(Reason::QueueFull), u"QUEUE_FULL"_s);
        QCOMPARE(alertMetricName(AlertMetric::PoolRequestsPerMinute), u"pool_rpm"_s);
    }
};

QTEST_GUILESS_MAIN(TestEnumNames)
#include "tst_enumnames.moc"
