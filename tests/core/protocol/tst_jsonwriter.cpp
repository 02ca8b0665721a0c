// JsonWriter: the bytes it writes are the JSON that Qt's reader reads back as the same values,
// for every character a string can hold, and members and elements are separated correctly.

#include "protocol/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

QJsonValue readBack(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + bytes + "]", &error);
    if (error.error != QJsonParseError::NoError) {
        qWarning() << "not JSON:" << bytes << error.errorString();
        return QJsonValue::Undefined;
    }
    return document.array().first();
}

/// What Qt writes for a string, as a reference.
QByteArray qtWrites(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

class TestJsonWriter : public QObject
{
    Q_OBJECT

private slots:
    void stringsReadBackAsWritten_data()
    {
        QTest::addColumn<QString>("text");
        QString controls;
        for (char16_t c = 0; c < 0x20; ++c)
            controls += QChar(c);
        QTest::newRow("empty") << QString();
        QTest::newRow("plain") << u"user-42"_s;
        QTest::newRow("every control character") << controls;
        QTest::newRow("quote and backslash") << u"a\"b\\c/d"_s;
        QTest::newRow("delete") << u"\x7f"_s;
        QTest::newRow("latin-1") << u"café"_s;
        QTest::newRow("cjk") << u"漢字"_s;
        QTest::newRow("astral") << u"🚀 launch"_s;
        QTest::newRow("mixed runs") << u"a\u00e9b\n\u4e2dc\""_s;
    }

    void stringsReadBackAsWritten()
    {
        QFETCH(QString, text);
        JsonWriter out;
        out.string(text);
        QCOMPARE(readBack(out.bytes()).toString(), text);
        QCOMPARE(readBack(out.bytes()), readBack(qtWrites(text)));
    }

    void loneSurrogatesAreWrittenAsQtWritesThem_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("high inside") << u"a"_s + QChar(0xd800) + u"b"_s;
        QTest::newRow("low first") << QString(QChar(0xdc00)) + u"é"_s;
        QTest::newRow("high last") << u"é"_s + QChar(0xdbff);
        QTest::newRow("two highs, then a pair")
            << QString(QChar(0xd83d)) + QChar(0xd83d) + QChar(0xde80);
    }

    void loneSurrogatesAreWrittenAsQtWritesThem()
    {
        QFETCH(QString, text);
        JsonWriter out;
        out.string(text);
        QCOMPARE(out.bytes(), qtWrites(text));
    }

    void controlCharactersAreEscaped()
    {
        JsonWriter out;
        out.string(u"\n\t\x01\x1f"_s);
        QCOMPARE(out.bytes(), QByteArray(R"("\n\t\u0001\u001f")"));
    }

    void numbersAreExact()
    {
        JsonWriter out;
        out.beginArray()
            .number(0)
            .number(-1)
            .number(std::numeric_limits<qint64>::max())
            .number(std::numeric_limits<qint64>::min())
            .endArray();
        QCOMPARE(out.bytes(), QByteArray("[0,-1,9223372036854775807,-9223372036854775808]"));
    }

    void membersAndElementsAreSeparated()
    {
        JsonWriter out;
        out.beginObject()
            .key("a"_L1)
            .number(1)
            .key("list"_L1)
            .beginArray()
            .string(u"x"_s)
            .null()
            .boolean(true)
            .boolean(false)
            .beginObject()
            .endObject()
            .beginArray()
            .endArray()
            .endArray()
            .key("nested"_L1)
            .beginObject()
            .key("b"_L1)
            .string(u"c")
            .endObject()
            .key("last"_L1)
            .null()
            .endObject();
        QCOMPARE(out.bytes(),
                 QByteArray(R"({"a":1,"list":["x",null,true,false,{},[]],"nested":{"b":"c"},)"
                            R"("last":null})"));
        const QJsonObject read = readBack(out.bytes()).toObject();
        QCOMPARE(read.value("nested"_L1).toObject().value("b"_L1).toString(), u"c"_s);
        QCOMPARE(read.value("list"_L1).toArray().size(), 6);
    }

    void takeLeavesTheWriterEmpty()
    {
        JsonWriter out;
        out.beginObject().endObject();
        QCOMPARE(out.take(), QByteArray("{}"));
        QVERIFY(out.bytes().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
