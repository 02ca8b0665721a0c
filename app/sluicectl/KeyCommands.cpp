// keys list, create, revoke (admin), through the API. `sluiced keys` does the same on the
// gateway's machine without a running gateway (and creates the first admin key).

#include "Commands.h"
#include "CtlRun.h"
#include "Format.h"
#include "TextTable.h"

#include <QJsonArray>

namespace sluice::ctl {

using namespace Qt::StringLiterals;

int runKeysList(CtlRun &run)
{
    const QJsonObject answer = run.get(u"/v1/keys"_s, u"keys"_s);
    if (run.json())
        return run.printJson(answer);
    TextTable table({u"ID"_s, u"NAME"_s, u"ROLE"_s, u"CREATED"_s, u"REVOKED"_s});
    for (const QJsonValue &value : answer.value("keys"_L1).toArray()) {
        const QJsonObject key = value.toObject();
        table.addRow({key.value("id"_L1).toString(), key.value("name"_L1).toString(),
                      key.value("role"_L1).toString(), showTime(key.value("created_at"_L1)),
                      showTime(key.value("revoked_at"_L1))});
    }
    table.write(run.out());
    return 0;
}

int runKeysCreate(CtlRun &run)
{
    if (!run.isSet(u"name"_s) || !run.isSet(u"role"_s))
        CtlRun::fail(ExitCode::Usage, u"keys create needs --name NAME and --role "
                                      "client|support|operator|admin"_s);
    const QJsonObject created =
        run.send("POST", u"/v1/keys"_s, u"create key '%1'"_s.arg(run.value(u"name"_s)),
                 {{u"name"_s, run.value(u"name"_s)}, {u"role"_s, run.value(u"role"_s)}});
    if (run.json())
        return run.printJson(created);
    run.err() << u"Created key %1 '%2' (%3). It is shown this once; store it now:\n"_s.arg(
        created.value("id"_L1).toString(), created.value("name"_L1).toString(),
        created.value("role"_L1).toString());
    run.out() << created.value("key"_L1).toString() << '\n';
    return 0;
}

int runKeysRevoke(CtlRun &run)
{
    const QString id = run.arg(0);
    const QJsonObject answer =
        run.send("DELETE", u"/v1/keys/"_s + pathSegment(id), u"revoke key '%1'"_s.arg(id));
    if (run.json())
        return run.printJson(answer);
    run.out() << u"Key %1 is revoked.\n"_s.arg(id);
    return 0;
}

} // namespace sluice::ctl
