#pragma once

#include "backend/BackendTypes.h"
#include "engine/Decision.h"

#include <QHash>
#include <QObject>

#include <deque>
#include <optional>

namespace sluice {

class Engine;

/// What the API remembers about requests beyond the engine:
///  - which key made each live request, so that a client key acts only on its own requests;
///  - how recent requests ended, so that a ticket's status (and its WebSocket) can still say
///    completed or TIMEOUT after the engine has forgotten it;
///  - each user's recent rejections, for support.
/// All bounded: kOutcomeCapacity outcomes, kRejectionsPerUser per user for at most
/// kUsersWithRejections users, oldest dropped first.
/// Threading: the engine's thread (it listens to the engine's signals).
class RequestTracker : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype kOutcomeCapacity = 10'000;
    static constexpr qsizetype kRejectionsPerUser = 20;
    static constexpr qsizetype kUsersWithRejections = 10'000;

    explicit RequestTracker(Engine &engine, QObject *parent = nullptr);

    void setOwner(RequestId id, const QString &keyId);
    /// The key that made a live request; empty when unknown (made in-process or before a
    /// restart: then any client key may act on it, so that clients can resume by id).
    QString owner(RequestId id) const { return m_owners.value(id); }

    /// How a recent request ended (Released for a normal end); nullopt when still live or
    /// forgotten.
    std::optional<Reason> outcome(RequestId id) const;

    void recordRejection(const QString &user, const QString &pool, const Decision &decision,
                         TimeMs at);
    /// Newest first.
    QList<UserDetails::Rejection> rejections(const QString &user) const;

private:
    void onEnded(RequestId id, int pool, Reason reason);

    QHash<RequestId, QString> m_owners;
    QHash<RequestId, Reason> m_outcomes;
    std::deque<RequestId> m_outcomeOrder;
    QHash<QString, std::deque<UserDetails::Rejection>> m_rejections;
    std::deque<QString> m_rejectedUsers;
};

} // namespace sluice
