#include "KeyCommands.h"

#include "api/ApiKeys.h"
#include "protocol/WireEngine.h"
#include "protocol/WireRecords.h"
#include "store/Store.h"
#include "util/PrivateFiles.h"
#include "util/SystemClock.h"

#include <QDir>
#include <QTextStream>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
void audit(Store &store, const Clock &clock, const QString &action, const QString &target,
           const QString &detail)
{
    StoreBatch batch;
    batch.appendAudit(AuditEntry{0, clock.now(), u"cli"_s, action, target, detail});
    if (const Result<Done> committed = store.commit(batch); !committed)
        qWarning().noquote() << "the audit entry was not stored:" << committed.error().message;
}
} // namespace

int runKeyCommand(const SluicedCommand &command, QTextStream &out, QTextStream &err)
{
    const QString dir = command.gateway.dataDir;
    Store store;
    if (const Result<Done> made = makePrivateDirectory(dir); !made) {
        err << made.error().message << "\n";
        return 1;
    }
    if (const Result<Done> opened = store.open(QDir(dir).filePath(u"sluice.db"_s)); !opened) {
        err << opened.error().message << "\n";
        return 1;
    }
    SystemClock clock;
    ApiKeys keys(store, clock, ApiKeys::committingTo(store));
    switch (command.kind) {
    case SluicedCommand::Kind::KeysCreate: {
        const Result<ApiKeys::Created> created = keys.create(command.name, command.role);
        if (!created) {
            err << created.error().message << "\n";
            return 1;
        }
        audit(store, clock, u"key.create"_s, created->row.id,
              u"name=%1 role=%2"_s.arg(command.name, created->row.role));
        out << created->key << "\n";
        err << "Created key " << created->row.id << " (" << created->row.role << ", \""
            << command.name << "\"). It is shown only this once.\n";
        return 0;
    }
    case SluicedCommand::Kind::KeysList: {
        const QList<ApiKeyRow> rows = keys.list();
        err << qSetFieldWidth(14) << Qt::left << "ID" << qSetFieldWidth(10) << "ROLE"
            << qSetFieldWidth(22) << "CREATED" << qSetFieldWidth(22) << "REVOKED"
            << qSetFieldWidth(0) << "NAME\n";
        for (const ApiKeyRow &row : rows) {
            out << qSetFieldWidth(14) << Qt::left << row.id << qSetFieldWidth(10) << row.role
                << qSetFieldWidth(22) << isoUtc(row.createdAt) << qSetFieldWidth(22)
                << (row.revokedAt ? isoUtc(row.revokedAt) : u"-"_s) << qSetFieldWidth(0) << row.name
                << "\n";
        }
        return 0;
    }
    case SluicedCommand::Kind::KeysRevoke:
        if (const Result<Done> revoked = keys.revoke(command.keyId); !revoked) {
            err << revoked.error().message << "\n";
            return 1;
        }
        audit(store, clock, u"key.revoke"_s, command.keyId, {});
        err << "Revoked key " << command.keyId << "\n";
        return 0;
    default:
        break;
    }
    err << "not a keys command\n";
    return 2;
}

} // namespace sluice
