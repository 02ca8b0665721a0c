#include "api/ApiRoutes.h"
#include "protocol/WireRecords.h"

#include <QFile>
#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

/// docs/openapi.yaml documents every route of the route table with its method and role.
class TestOpenApi : public QObject
{
    Q_OBJECT

private slots:
    void everyRouteIsDocumented()
    {
        QFile file(qEnvironmentVariable("SLUICE_SOURCE_DIR") + u"/docs/openapi.yaml"_s);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
        for (const ApiRouteSpec &route : apiRoutes()) {
            const QString pathLine = u"  "_s + route.pattern + u':';
            const qsizetype start = lines.indexOf(pathLine);
            QVERIFY2(start >= 0, qPrintable(u"not in openapi.yaml: "_s + route.pattern));
            const QString method = u"    "_s + QString(methodName(route.method)).toLower() + u':';
            QString role;
            bool inMethod = false;
            for (qsizetype i = start + 1; i < lines.size() && !lines[i].startsWith(u"  /"_s); ++i) {
                if (lines[i].startsWith(u"    "_s) && !lines[i].startsWith(u"     "_s))
                    inMethod = lines[i] == method;
                if (inMethod && lines[i].trimmed().startsWith(u"x-sluice-role:"_s))
                    role = lines[i].trimmed().mid(14).trimmed();
            }
            const QString expected =
                route.minRole == Role::None ? u"public"_s : roleName(route.minRole);
            QVERIFY2(
                role == expected,
                qPrintable(u"%1 %2: documented role '%3', table says '%4'"_s.arg(
                    QString(methodName(route.method)), QString(route.pattern), role, expected)));
        }
    }
};

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
