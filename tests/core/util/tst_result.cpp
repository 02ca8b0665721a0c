// Result<T>, the one result type of every layer: a value or an Error with a code, a message
// and the fields at fault; checkedValue() turns a reader's field errors into one.
#include "engine/Reason.h"
#include "util/Result.h"

#include <QTest>

#include <memory>

using namespace sluice;
using namespace Qt::StringLiterals;

class TestResult : public QObject
{
    Q_OBJECT

private slots:
    void aValueIsOkAndHasNoError()
    {
        const Result<QString> result = u"seven"_s;
        QVERIFY(result.ok());
        QVERIFY(bool(result));
        QCOMPARE(result.value(), u"seven"_s);
        QCOMPARE(*result, u"seven"_s);
        QCOMPARE(result->size(), 5);
        QCOMPARE(result.error(), Error());
    }

    void anErrorCarriesItsCodeMessageAndFields()
    {
        const Result<int> result = Error{errors::kValidationFailed,
                                         u"x must be 1 or more"_s,
                                         {{u"x"_s, u"x must be 1 or more"_s}}};
        QVERIFY(!result.ok());
        QVERIFY(!result);
        QCOMPARE(result.error().code, errors::kValidationFailed);
        QCOMPARE(result.error().message, u"x must be 1 or more"_s);
        QCOMPARE(result.error().fields.size(), 1);
        QCOMPARE(result.error().fields.first().field, u"x"_s);
    }

    void aMoveOnlyValueComesOutOfAnRvalue()
    {
        Result<std::unique_ptr<int>> result = std::make_unique<int>(42);
        QVERIFY(result.ok());
        const std::unique_ptr<int> taken = std::move(result).value();
        QCOMPARE(*taken, 42);
    }

    void anOperationThatOnlySucceedsOrFails()
    {
        const Result<Done> done = Done{};
        QVERIFY(done.ok());
        const Result<Done> refused = reasonError(Reason::UnknownPool, u"unknown pool 'x'"_s);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, reasonCode(Reason::UnknownPool));
        QCOMPARE(reasonFromCode(refused.error().code), Reason::UnknownPool);
    }

    void checkedValueKeepsAValueWithoutFieldErrors()
    {
        const Result<int> result = checkedValue(3, {});
        QVERIFY(result.ok());
        QCOMPARE(*result, 3);
    }

    void checkedValueDropsAValueWithFieldErrors()
    {
        const QList<FieldError> fields{{u"a"_s, u"a is wrong"_s}, {u"b"_s, u"b is wrong"_s}};
        const Result<int> result = checkedValue(3, fields);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, errors::kValidationFailed);
        QCOMPARE(result.error().message, u"a is wrong; b is wrong"_s);
        QCOMPARE(result.error().fields, fields);
    }

    void describeErrorsPutsOneFieldPerLine()
    {
        QCOMPARE(describeErrors({{u"a"_s, u"first"_s}, {u"b"_s, u"second"_s}}), u"first\nsecond"_s);
        QCOMPARE(describeErrors({}), QString());
    }
};

QTEST_APPLESS_MAIN(TestResult)
#include "tst_result.moc"
