#include "forms/ConfigApplier.h"

#include "backend/Backend.h"
#include "config/ConfigValidator.h"
#include "forms/ConfigDiffDialog.h"

namespace sluice {

using namespace Qt::StringLiterals;

ConfigApplier::ConfigApplier(Backend &backend, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_backend(backend)
    , m_parent(dialogParent)
    , m_review(&ConfigDiffDialog::review)
{}

bool ConfigApplier::apply(const VersionedConfig &base, const EngineConfig &draft)
{
    if (m_busy)
        return false;
    const QList<FieldError> errors = validateConfig(draft);
    if (!errors.isEmpty()) {
        emit rejected({u"VALIDATION_FAILED"_s, describeErrors(errors), errors});
        return false;
    }
    const QList<ConfigChange> changes = diffConfigs(base.config, draft);
    if (changes.isEmpty()) {
        emit unchanged();
        return false;
    }
    const std::optional<QString> note = m_review(m_parent, changes);
    if (!note) {
        emit cancelled();
        return false;
    }
    m_busy = true;
    QPointer<ConfigApplier> self(this);
    m_backend.applyConfig(draft, base.version, *note, [self](const Result<ConfigApplied> &result) {
        ConfigApplier *applier = self.data();
        if (!applier)
            return;
        applier->m_busy = false;
        if (result)
            emit applier->applied(result->version, result->changes);
        else
            emit applier->rejected(result.error());
    });
    return true;
}

} // namespace sluice
