#pragma once

#include "protocol/ApiRequest.h"
#include "util/Clock.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <map>

namespace sluice {

class ApiReply;

/// Refusals of bad API keys waiting for their delay (AuthThrottle) before they are answered.
/// Each keeps only what its answer needs: the reply, and the request's method, path and peer;
/// never its headers (the bad key) or its body. The caller holds at most one per address (an
/// address is locked while its refusal waits), and at most `capacity` in all.
///
/// Times come from the Clock: a timer calls answerDue() when the earliest is due; tests on a
/// manual clock call answerDue() themselves after advancing it.
/// Threading: the thread of the replies (the engine's).
class HeldRefusals : public QObject
{
    Q_OBJECT

public:
    using Answer = std::function<void(ApiRequest &request, ApiReply &reply)>;

    HeldRefusals(const Clock &clock, qsizetype capacity, Answer answer, QObject *parent = nullptr);

    /// Holds the refusal of `request` until `due` (answers it at once when due already);
    /// false (nothing held) when full.
    bool hold(TimeMs due, const ApiRequest &request, ApiReply &reply);
    /// Answers every refusal that is due now; forgets those whose client has gone.
    void answerDue();

    qsizetype size() const { return qsizetype(m_entries.size()); }
    /// Bytes held for the waiting refusals (entries and their strings), for memory checks.
    qsizetype bytes() const;

private:
    struct Entry
    {
        QPointer<ApiReply> reply;
        ApiRequest request;
    };

    void arm();

    const Clock &m_clock;
    const qsizetype m_capacity;
    Answer m_answer;
    std::multimap<TimeMs, Entry> m_entries;
    QTimer m_timer;
};

} // namespace sluice
