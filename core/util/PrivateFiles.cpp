#include "util/PrivateFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace sluice {

using namespace Qt::StringLiterals;

Result<Done> makePrivateDirectory(const QString &dir)
{
    if (dir.isEmpty() || !QDir().mkpath(dir)) {
        return Error{errors::kFileFailed, u"cannot create the data directory '%1'"_s.arg(dir), {}};
    }
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                           QFileDevice::ExeOwner | QFileDevice::ReadUser | QFileDevice::WriteUser |
                           QFileDevice::ExeUser;
    if (!QFile::setPermissions(dir, ownerOnly)) {
        return Error{errors::kFileFailed,
                     u"cannot make the data directory '%1' private (chmod 0700)"_s.arg(dir),
                     {}};
    }
    return Done{};
}

Result<Done> makePrivateDatabaseFile(const QString &path)
{
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                           QFileDevice::ReadUser | QFileDevice::WriteUser;
    if (!QFileInfo::exists(path)) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly)) {
            return Error{
                errors::kFileFailed, u"cannot create '%1': %2"_s.arg(path, file.errorString()), {}};
        }
    }
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        const QString file = path + suffix;
        if (QFileInfo::exists(file) && !QFile::setPermissions(file, ownerOnly)) {
            return Error{
                errors::kFileFailed, u"cannot make '%1' private (chmod 0600)"_s.arg(file), {}};
        }
    }
    return Done{};
}

} // namespace sluice
