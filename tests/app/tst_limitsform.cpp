#include "LocalStack.h"

#include "forms/ConfigApplier.h"
#include "forms/DurationText.h"
#include "forms/LimitInput.h"
#include "forms/LimitSpinBox.h"
#include "forms/PoolForm.h"
#include "forms/SettingLabel.h"
#include "pages/LimitsPage.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;
using sluice::test::LocalStack;

/// The Limits form on the real Local backend: values in human units with the exact value on
/// hover, edited fields marked, and a rejected value that the box and the error agree on.
class TestLimitsForm : public QObject
{
    Q_OBJECT

    static void type(LimitInput *input, const QString &text)
    {
        QDoubleSpinBox *spin = input->spinBox();
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, text);
        QTest::keyClick(spin, Qt::Key_Tab);
    }

    static void applyAll(LimitsPage &page)
    {
        page.applier()->setReview([](QWidget *, const QList<ConfigChange> &) {
            return std::optional<QString>(u"from the test"_s);
        });
        QTest::mouseClick(page.applyButton(), Qt::LeftButton);
    }

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void durationText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("shown");
        QTest::newRow("minutes") << u"5 min"_s << 300'000LL << u"5 min"_s;
        QTest::newRow("fraction") << u"1.5 s"_s << 1500LL << u"1.5 s"_s;
        QTest::newRow("bare ms") << u"90000"_s << 90'000LL << u"1 min 30 s"_s;
        QTest::newRow("pairs, no spaces") << u"1h30m"_s << 5'400'000LL << u"1 h 30 min"_s;
        QTest::newRow("ms") << u"250 ms"_s << 250LL << u"250 ms"_s;
        QTest::newRow("day") << u"1 d"_s << 86'400'000LL << u"1 d"_s;
    }
    void durationText()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QFETCH(QString, shown);
        qint64 parsed = -1;
        QCOMPARE(DurationText::parse(text, &parsed), DurationText::Parse::Complete);
        QCOMPARE(parsed, ms);
        QCOMPARE(DurationText::format(ms), shown);
    }

    void durationTextIncompleteAndInvalid()
    {
        qint64 ms = 0;
        QCOMPARE(DurationText::parse(u"5 mi", &ms), DurationText::Parse::Incomplete);
        QCOMPARE(DurationText::parse(u"1 h 30", &ms), DurationText::Parse::Incomplete);
        QCOMPARE(DurationText::parse(u"", &ms), DurationText::Parse::Incomplete);
        QCOMPARE(DurationText::parse(u"abc", &ms), DurationText::Parse::Invalid);
        QCOMPARE(DurationText::parse(u"5 weeks", &ms), DurationText::Parse::Invalid);
    }

    void diffShowsDurationsAsTheFormDoes()
    {
        QCOMPARE(settingValue(u"pools.llm.queue_timeout_ms"_s, u"300000"_s), u"5 min"_s);
        QCOMPARE(settingValue(u"pools.llm.retry.base_delay_ms"_s, u"1500"_s), u"1.5 s"_s);
        QCOMPARE(settingValue(u"alert_rules.pool-concurrency.pending_ms"_s, u"0"_s), u"0 s"_s);
        QCOMPARE(settingValue(u"pools.llm.max_concurrent"_s, u"7"_s), u"7"_s);
        QCOMPARE(settingValue(u"pools.llm.queue_timeout_ms"_s, u"(none)"_s), u"(none)"_s);
        QCOMPARE(settingLabel(u"pools.llm.retry.base_delay_ms"_s), u"llm · Base delay"_s);
    }

    void rejectedValueStaysAsTypedAfterTab()
    {
        LocalStack s;
        LimitsPage page(*s.backend);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        LimitInput *rpm = page.poolForm()->input(u"requests_per_minute"_s);
        type(rpm, u"200000"_s);
        // Before: the box went back to 20000 (typed on the way) while the error said 200000.
        QCOMPARE(rpm->spinBox()->typedText(), u"200000"_s);
        QCOMPARE(rpm->problem(),
                 u"Requests per minute must be between 1 and 100000 (got 200000)"_s);
        QVERIFY(!page.applyButton()->isEnabled());
        type(rpm, u"40"_s);
        QCOMPARE(rpm->problem(), QString());
        QVERIFY(page.applyButton()->isEnabled());
        applyAll(page);
        QTRY_COMPARE(s.engine().config().pools.first().requestsPerMinute, std::optional<int>(40));
    }

    void valuesInHumanUnitsWithTheExactValueOnHover()
    {
        LocalStack s;
        LimitsPage page(*s.backend);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        LimitInput *timeout = page.poolForm()->input(u"queue_timeout_ms"_s);
        QTRY_COMPARE(timeout->spinBox()->text(), u"10 s"_s);
        QVERIFY2(timeout->spinBox()->toolTip().startsWith(u"Exactly 10000 ms"_s),
                 qPrintable(timeout->spinBox()->toolTip()));
        QCOMPARE(page.poolForm()->input(u"lease_idle_timeout_ms"_s)->spinBox()->text(),
                 u"30 s"_s);
        QCOMPARE(page.poolForm()->input(u"tokens_per_minute"_s)->spinBox()->text(),
                 u"1,000 tokens/min"_s);

        type(timeout, u"1.5 min"_s);
        QCOMPARE(timeout->spinBox()->text(), u"1 min 30 s"_s);
        QCOMPARE(timeout->value(), std::optional<double>(90'000));
        type(timeout, u"5 s"_s);
        QCOMPARE(timeout->problem(), QString());
        type(timeout, u"0.5 s"_s);
        QCOMPARE(timeout->problem(), u"Queue timeout must be between 1000 and 86400000 (got 500)"_s);
        type(timeout, u"2 min"_s);
        applyAll(page);
        QTRY_COMPARE(s.engine().config().pools.first().queueTimeoutMs, qint64(120'000));
    }

    void editedFieldsAreMarkedUntilApplied()
    {
        LocalStack s;
        LimitsPage page(*s.backend);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        PoolForm *form = page.poolForm();
        QTRY_COMPARE(form->labelFor(u"max_concurrent"_s)->text(), u"Concurrent requests:"_s);
        type(form->input(u"max_concurrent"_s), u"7"_s);
        type(form->input(u"queue_timeout_ms"_s), u"1 min"_s);
        QLabel *concurrent = form->labelFor(u"max_concurrent"_s);
        QCOMPARE(concurrent->text(), u"● Concurrent requests:"_s);
        QVERIFY(concurrent->font().bold());
        QCOMPARE(concurrent->toolTip(), u"Changed from 2 requests; not applied yet"_s);
        QCOMPARE(form->labelFor(u"queue_timeout_ms"_s)->toolTip(),
                 u"Changed from 10 s (10000 ms); not applied yet"_s);
        QCOMPARE(form->labelFor(u"requests_per_minute"_s)->text(), u"Requests per minute:"_s);

        type(form->input(u"max_concurrent"_s), u"2"_s); // back to the value in force
        QCOMPARE(form->labelFor(u"max_concurrent"_s)->text(), u"Concurrent requests:"_s);
        QVERIFY(!form->labelFor(u"max_concurrent"_s)->font().bold());

        applyAll(page);
        QTRY_COMPARE(s.engine().config().pools.first().queueTimeoutMs, qint64(60'000));
        QTRY_COMPARE(form->labelFor(u"queue_timeout_ms"_s)->text(), u"Queue timeout:"_s);
        QCOMPARE(form->labelFor(u"queue_timeout_ms"_s)->toolTip(), QString());
    }
};

QTEST_MAIN(TestLimitsForm)
#include "tst_limitsform.moc"
