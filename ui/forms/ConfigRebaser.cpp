#include "forms/ConfigRebaser.h"

#include "backend/Backend.h"
#include "forms/SettingLabel.h"

#include <QPointer>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
QString listOf(const QList<ConfigChange> &changes, qsizetype most = 4)
{
    QStringList parts;
    for (const ConfigChange &change : changes.first(std::min(most, changes.size())))
        parts << settingLabel(change.path) % u' ' % change.before % u" → "_s % change.after;
    if (changes.size() > most)
        parts << u"%1 more"_s.arg(changes.size() - most);
    return parts.join(u"; "_s);
}
} // namespace

QString ConfigRebase::summary() const
{
    if (!error.isEmpty())
        return u"Another version is in force, but it could not be read: "_s % error;
    const QString who = actors.isEmpty() ? QString() : u" by "_s % actors.join(u", "_s);
    QString text = u"Version %1 was applied%2 while you were editing"_s.arg(
        QString::number(current.version), who);
    text += merge.theirs.isEmpty() ? u"."_s : u": "_s % listOf(merge.theirs) % u'.';
    if (!merge.merged) {
        return text % u" Your edits no longer fit it ("_s % describeErrors(merge.errors) %
               u"): Revert takes version "_s % QString::number(current.version) % u'.';
    }
    text += u" Your edits are kept on top of it."_s;
    QStringList both;
    for (const ConfigChange &change : merge.ours) {
        if (merge.conflicting(change))
            both << settingLabel(change.path) % u" (yours: "_s % change.after % u')';
    }
    if (!both.isEmpty())
        text += u" Both of you changed "_s % both.join(u", "_s) % u": yours is kept."_s;
    return text;
}

ConfigRebaser::ConfigRebaser(Backend &backend, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
{}

bool ConfigRebaser::rebase(const VersionedConfig &base, EditFn edit, Done done)
{
    if (m_busy)
        return false;
    m_busy = true;
    QPointer<ConfigRebaser> self(this);
    m_backend.config([self, base, edit, done](const Result<VersionedConfig> &read) {
        ConfigRebaser *rebaser = self.data();
        if (!rebaser)
            return;
        ConfigRebase rebase;
        rebase.baseVersion = base.version;
        if (!read.ok()) {
            rebaser->m_busy = false;
            rebase.error = read.error().message;
            done(rebase);
            return;
        }
        rebase.current = *read;
        rebaser->m_backend.configHistory(
            [self, base, edit, done,
             rebase](const Result<QList<ConfigVersionRow>> &history) mutable {
                ConfigRebaser *again = self.data();
                if (!again)
                    return;
                again->m_busy = false;
                const QList<ConfigVersionRow> rows = history ? *history : QList<ConfigVersionRow>{};
                for (const ConfigVersionRow &row : rows) {
                    if (row.version > rebase.baseVersion && row.version <= rebase.current.version &&
                        !rebase.actors.contains(row.actor))
                        rebase.actors.prepend(row.actor);
                }
                // Merged last, so that the edit includes whatever was typed while this was read.
                rebase.merge = mergeConfigs(base.config, edit(), rebase.current.config);
                done(rebase);
            });
    });
    return true;
}

} // namespace sluice
