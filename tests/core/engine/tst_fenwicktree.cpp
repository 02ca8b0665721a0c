#include "engine/FenwickTree.h"

#include <QRandomGenerator>
#include <QTest>

#include <numeric>

using namespace sluice;

/// FenwickTree against plain prefix sums, over random appends, updates and reassignments.
class TestFenwickTree : public QObject
{
    Q_OBJECT

    static void expectSameSums(const FenwickTree &tree, const std::vector<qint32> &values)
    {
        QCOMPARE(tree.size(), values.size());
        qint64 sum = 0;
        QCOMPARE(tree.prefix(0), qint64(0));
        for (size_t n = 1; n <= values.size(); ++n) {
            sum += values[n - 1];
            QCOMPARE(tree.prefix(n), sum);
        }
    }

private slots:
    void emptyTreeSumsToZero()
    {
        FenwickTree tree;
        QCOMPARE(tree.size(), size_t(0));
        QCOMPARE(tree.prefix(0), qint64(0));
    }

    void matchesPlainPrefixSums()
    {
        QRandomGenerator random(7);
        FenwickTree tree;
        std::vector<qint32> values;
        for (int step = 0; step < 3000; ++step) {
            if (values.empty() || random.bounded(3) == 0) {
                const auto value = qint32(random.bounded(5));
                tree.pushBack(value);
                values.push_back(value);
            } else {
                const size_t i = random.bounded(quint32(values.size()));
                const qint32 delta = values[i] > 0 && random.bounded(2) ? -1 : 1;
                tree.add(i, delta);
                values[i] += delta;
            }
            if (step % 97 == 0)
                expectSameSums(tree, values);
        }
        expectSameSums(tree, values);
    }

    void assignReplacesTheContents()
    {
        FenwickTree tree;
        tree.pushBack(9);
        std::vector<qint32> values(1000);
        std::iota(values.begin(), values.end(), 0);
        tree.assign(values);
        expectSameSums(tree, values);
        tree.add(999, -999);
        values[999] = 0;
        expectSameSums(tree, values);
        tree.clear();
        QCOMPARE(tree.size(), size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestFenwickTree)
#include "tst_fenwicktree.moc"
