#pragma once

#include "protocol/ApiTypes.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QWidget;

namespace sluice {

class Backend;

/// Applies an edited configuration the one way every form does: validate locally, show
/// the diff and ask to confirm (with a note), then Backend::applyConfig from the version the
/// edit started from. The outcome comes
/// back as applied() or rejected(); a rejection carries the server's field errors.
class ConfigApplier : public QObject
{
    Q_OBJECT

public:
    /// Shows the changes; returns the note when confirmed, nullopt when cancelled.
    using ReviewFn =
        std::function<std::optional<QString>(QWidget *parent, const QList<ConfigChange> &)>;

    ConfigApplier(Backend &backend, QWidget *dialogParent);

    /// Replaces the diff dialog (tests answer without a modal dialog).
    void setReview(ReviewFn review) { m_review = std::move(review); }
    /// Applies `draft`, an edit of `base`, naming base's version so that a change applied
    /// meanwhile is not overwritten (rejected() with CONFIG_CONFLICT then). False when nothing
    /// was sent (invalid, unchanged or cancelled).
    bool apply(const VersionedConfig &base, const EngineConfig &draft);
    bool busy() const { return m_busy; }

signals:
    void applied(qint32 version, const QList<sluice::ConfigChange> &changes);
    void rejected(const sluice::Error &error);
    void unchanged();
    void cancelled();

private:
    Backend &m_backend;
    QPointer<QWidget> m_parent;
    ReviewFn m_review;
    bool m_busy = false;
};

} // namespace sluice
