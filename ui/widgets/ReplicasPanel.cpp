#include "widgets/ReplicasPanel.h"

#include "backend/Backend.h"
#include "models/AlertLevels.h"
#include "widgets/DisplayText.h"
#include "widgets/Guarded.h"
#include "widgets/LevelColors.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace sluice {

using namespace Qt::StringLiterals;

ReplicasPanel::ReplicasPanel(Backend &backend, QWidget *parent)
    : QGroupBox(u"Replicas sharing the limits (Redis)"_s, parent)
    , m_backend(backend)
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(0, 3, this))
    , m_timer(new QTimer(this))
{
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setHorizontalHeaderLabels({u"Replica"_s, u"Last heartbeat"_s, u"State"_s});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &ReplicasPanel::refresh);
    connect(&backend, &Backend::connectionStateChanged, this, &ReplicasPanel::refresh);
    setVisible(false); // until the gateway says it shares its limits
}

void ReplicasPanel::refresh()
{
    m_backend.replicas(guarded<ReplicaStatus>(this, [](ReplicasPanel &panel, const auto &result) {
        if (result.ok())
            return panel.show(*result);
        if (panel.m_shared) // a shared gateway that does not answer: say so, keep the panel
            panel.m_summary->setText(u"Could not read the replicas: "_s % result.error().message);
    }));
}

void ReplicasPanel::show(const ReplicaStatus &status)
{
    m_shared = status.shared;
    setVisible(status.shared);
    if (!status.shared)
        return;
    const TroubleLevel level = !status.ready ? TroubleLevel::Critical
                               : status.alone || !status.configProblem.isEmpty() || status.configPending
                                   ? TroubleLevel::Warning
                                   : TroubleLevel::Normal;
    QPalette palette = m_summary->palette();
    palette.setColor(QPalette::WindowText, LevelColors::text(level, this->palette()));
    m_summary->setPalette(palette);
    m_summary->setText(summary(status));
    m_table->setRowCount(int(status.replicas.size()));
    for (int row = 0; row < status.replicas.size(); ++row) {
        const ReplicaInfo &replica = status.replicas.at(row);
        const bool self = replica.name == status.replica;
        const QString state = self                          ? u"this replica"_s
                              : replica.ageMs <= kSilentMs ? u"alive"_s
                                                            : u"silent for "_s %
                                                                  display::duration(replica.ageMs);
        const QStringList cells{replica.name, display::duration(replica.ageMs) % u" ago"_s,
                                state};
        for (int column = 0; column < cells.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    m_table->setVisible(!status.replicas.isEmpty());
    // As tall as its rows (up to kShownRows, then it scrolls), no empty band below them.
    const int rows = std::min(m_table->rowCount(), kShownRows);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() +
                            rows * m_table->verticalHeader()->defaultSectionSize() +
                            2 * m_table->frameWidth());
}

QString ReplicasPanel::summary(const ReplicaStatus &status)
{
    const QString alone =
        u"Pools set to redis_down = local_share are decided by this replica alone, each within "
        "its share of the limits (1/%1, %2 live replicas), for %3 now; %4 granted so far."_s.arg(
            QString::number(status.liveReplicas), QString::number(status.liveReplicas),
            display::duration(status.aloneForMs), QString::number(status.aloneAdmissionsTotal));
    if (!status.ready) {
        const QString refused = u"Redis at %1 cannot be reached (%2). "_s.arg(status.redis,
                                                                             status.problem);
        const QString waiting = u"new requests that may wait here until it answers (%1 waiting "
                                "now), and refuse%2 the others (503 REDIS_UNAVAILABLE)."_s;
        if (status.alone)
            return refused % alone % u" Other pools keep "_s % waiting.arg(status.held).arg(QString());
        return refused % u"Every pool keeps "_s % waiting.arg(status.held).arg(u"s"_s);
    }
    QString text = u"This is replica %1 of deployment %2; Redis at %3 answers"_s.arg(
        status.replica, status.deployment, status.redis);
    if (status.roundTripMs >= 0)
        text += u" in %1 ms"_s.arg(status.roundTripMs, 0, 'f', 1);
    text += u'.';
    if (status.configVersion > 0)
        text += u" Configuration: the deployment's version %1."_s.arg(status.configVersion);
    if (status.configPending)
        text += u" A change made here is not published to the other replicas yet."_s;
    if (!status.configProblem.isEmpty())
        text += u' ' % status.configProblem;
    if (status.held > 0)
        text += u" %1 requests that waited here while it was away are being sent to it."_s.arg(
            status.held);
    if (status.usageReplayedTotal > 0)
        text += u" Redis lost its data since this replica started: the usage of %1 users was "
                "counted there again."_s.arg(status.usageReplayedTotal);
    if (status.alone)
        text += u" Recovering. "_s % alone %
                u" Their new requests go to Redis again once it has answered for 5 s; this "
                "ends when what they granted alone is registered there."_s;
    return text;
}

void ReplicasPanel::showEvent(QShowEvent *event)
{
    QGroupBox::showEvent(event);
    m_timer->start();
}

void ReplicasPanel::hideEvent(QHideEvent *event)
{
    QGroupBox::hideEvent(event);
    m_timer->stop();
}

} // namespace sluice
