#include "charts/SeriesDecimator.h"

#include <QTest>

using namespace sluice;

class TestSeriesDecimator : public QObject
{
    Q_OBJECT

private slots:
    void shortSeriesAreKept()
    {
        const QList<QPointF> points{{0, 1}, {1, 5}, {2, 3}};
        QList<QPointF> out;
        SeriesDecimator::decimate(points, 10, &out);
        QCOMPARE(out, points);
    }

    void keepsLowAndHighOfEveryColumnInOrder()
    {
        QList<QPointF> points;
        for (int i = 0; i < 3600; ++i)
            points.append({double(i), double(i % 10)});
        points[1234].setY(99);   // a spike
        points[2345].setY(-5);   // a dip
        QList<QPointF> out;
        SeriesDecimator::decimate(points, 100, &out);
        QVERIFY(out.size() <= 200);
        QVERIFY(out.contains(QPointF(1234, 99)));
        QVERIFY(out.contains(QPointF(2345, -5)));
        QCOMPARE(out.first(), QPointF(0, 0));
        for (qsizetype i = 1; i < out.size(); ++i)
            QVERIFY(out[i].x() > out[i - 1].x());
    }

    void flatColumnsGiveOnePoint()
    {
        QList<QPointF> points;
        for (int i = 0; i < 1000; ++i)
            points.append({double(i), 7.0});
        QList<QPointF> out;
        SeriesDecimator::decimate(points, 50, &out);
        QCOMPARE(out.size(), 50);
    }
};

QTEST_MAIN(TestSeriesDecimator)
#include "tst_seriesdecimator.moc"
