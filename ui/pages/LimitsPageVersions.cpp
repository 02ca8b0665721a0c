// LimitsPage, continued: following configuration versions applied elsewhere while the form is
// open (SPEC section 4, "Concurrent edits"). Edits are merged on top of a new version as soon
// as the dashboard stream announces it; an Apply that still meets a newer version
// (CONFIG_CONFLICT) asks whether to merge or reload.

#include "pages/LimitsPage.h"

#include "backend/Backend.h"
#include "forms/ConfigApplier.h"
#include "forms/ConfigRebaser.h"

#include <QLabel>
#include <QPointer>

namespace sluice {

using namespace Qt::StringLiterals;

void LimitsPage::onSnapshot()
{
    const qint32 version = m_backend.snapshot().configVersion;
    if (!m_loaded || version == m_base.version || m_applier->busy() || m_rebaser->busy() ||
        m_reloads > 0)
        return;
    if (!hasUnsavedChanges())
        reload();
    else if (version > m_followedVersion)
        followNewVersion(version);
}

/// Another version came in while the form holds edits: they go on top of it.
void LimitsPage::followNewVersion(qint32 version)
{
    m_followedVersion = version;
    syncDraft();
    m_rebaser->rebase(
        m_base, [this] { return m_draft; },
        [page = QPointer<LimitsPage>(this)](const ConfigRebase &rebase) {
            if (!page)
                return;
            if (rebase.merge.merged) {
                page->takeRebase(rebase, rebase.summary());
            } else {
                page->setMessage(rebase.summary());
                page->updateState();
            }
        });
}

void LimitsPage::takeRebase(const ConfigRebase &rebase, const QString &message)
{
    m_base = rebase.current;
    m_draft = *rebase.merge.merged;
    m_followedVersion = std::max(m_followedVersion, m_base.version);
    showDraft();
    loadHistory();
    setMessage(message);
    updateState();
}

void LimitsPage::onConflict()
{
    setMessage(u"Not applied: another version was applied meanwhile. Reading it…"_s);
    syncDraft();
    m_rebaser->rebase(
        m_base, [this] { return m_draft; },
        [page = QPointer<LimitsPage>(this)](const ConfigRebase &rebase) {
            if (page)
                page->resolveConflict(rebase);
        });
    updateState();
}

void LimitsPage::resolveConflict(const ConfigRebase &rebase)
{
    if (!rebase.error.isEmpty()) {
        setMessage(rebase.summary());
        updateState();
        return;
    }
    m_followedVersion = std::max(m_followedVersion, rebase.current.version);
    const QString version = QString::number(rebase.current.version);
    switch (m_askConflict(this, rebase)) {
    case ConflictChoice::Merge:
        takeRebase(rebase,
                   u"Merged onto version "_s % version % u": review your edits and Apply again."_s);
        break;
    case ConflictChoice::Reload:
        load(rebase.current);
        loadHistory();
        setMessage(u"Reloaded version "_s % version % u"; your edits were dropped."_s);
        break;
    case ConflictChoice::Cancel:
        setMessage(u"Not applied: version "_s % version %
                   u" was applied meanwhile. Apply again to merge, or Revert."_s);
        break;
    }
    updateState();
}

} // namespace sluice
