#include "models/RowSpans.h"

#include <QTest>

using namespace sluice;

Q_DECLARE_METATYPE(QList<RowSpan>)

class TestRowSpans : public QObject
{
    Q_OBJECT

private slots:
    void merges_data()
    {
        QTest::addColumn<QList<int>>("rows");
        QTest::addColumn<QList<RowSpan>>("spans");
        QTest::newRow("none") << QList<int>{} << QList<RowSpan>{};
        QTest::newRow("one") << QList<int>{4} << QList<RowSpan>{{4, 4}};
        QTest::newRow("run") << QList<int>{2, 3, 4} << QList<RowSpan>{{2, 4}};
        QTest::newRow("unsorted with gaps")
            << QList<int>{7, 2, 3, 4, 9, 8} << QList<RowSpan>{{2, 4}, {7, 9}};
        QTest::newRow("duplicates") << QList<int>{1, 1, 2, 5, 5} << QList<RowSpan>{{1, 2}, {5, 5}};
        QTest::newRow("all apart") << QList<int>{0, 2, 4} << QList<RowSpan>{{0, 0}, {2, 2}, {4, 4}};
    }
    void merges()
    {
        QFETCH(QList<int>, rows);
        QFETCH(QList<RowSpan>, spans);
        QCOMPARE(mergeRowSpans(rows), spans);
    }
};

QTEST_GUILESS_MAIN(TestRowSpans)
#include "tst_rowspans.moc"
