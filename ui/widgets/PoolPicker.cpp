#include "widgets/PoolPicker.h"

#include "backend/Backend.h"
#include "models/AlertLevelsSource.h"
#include "models/PoolTrouble.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QEvent>

namespace sluice {

namespace {
constexpr int kLabelLength = 36; ///< "elevenlabs — throttled, 170 waiting"
}

PoolPicker::PoolPicker(QComboBox *box, Backend &backend, QObject *parent)
    : QObject(parent)
    , m_box(box)
    , m_backend(backend)
    , m_levels(new AlertLevelsSource(backend, this))
{
    // A steady width: counts change every second and the row beside it must not jump.
    m_box->setMinimumContentsLength(kLabelLength);
    m_box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_box->installEventFilter(this);
    // A click, a key or code outside the picker (its own changes are signal-blocked).
    for (auto signal : {&QComboBox::activated, &QComboBox::currentIndexChanged}) {
        connect(m_box, signal, this, [this](int index) {
            m_chosen = true;
            select(index);
        });
    }
    connect(&m_backend, &Backend::snapshotChanged, this, &PoolPicker::fill);
    connect(m_levels, &AlertLevelsSource::changed, this, &PoolPicker::fill);
    fill();
}

void PoolPicker::setPools(const QStringList &names)
{
    m_names = names;
    fill();
}

QString PoolPicker::currentPool() const
{
    return m_current;
}

void PoolPicker::selectPool(const QString &pool)
{
    const int index = m_box->findData(pool);
    if (index < 0)
        return;
    m_chosen = true;
    select(index);
}

void PoolPicker::selectWorst()
{
    if (!m_chosen && m_box->count() > 0)
        select(0);
}

bool PoolPicker::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_box && event->type() == QEvent::Show)
        selectWorst();
    return QObject::eventFilter(watched, event);
}

const AlertLevels &PoolPicker::levels() const
{
    return m_levels->levels();
}

void PoolPicker::fill()
{
    if (m_box->view()->isVisible())
        return; // the list is open: items do not move under the operator's pointer
    const DashboardSnapshot snapshot = m_backend.snapshot();
    QList<PoolStatus> pools;
    for (const PoolStatus &pool : snapshot.pools) {
        if (m_names.isEmpty() || m_names.contains(pool.name))
            pools << pool;
    }
    pools = PoolTrouble::worstFirst(pools, m_levels->levels(), snapshot.at);
    QStringList names, labels;
    for (const PoolStatus &pool : std::as_const(pools)) {
        names << pool.name;
        labels << PoolTrouble::pickerLabel(pool, snapshot.at);
    }
    for (const QString &name : std::as_const(m_names)) {
        if (!names.contains(name)) {
            names << name;
            labels << name;
        }
    }
    bool sameOrder = m_box->count() == names.size();
    for (int i = 0; sameOrder && i < m_box->count(); ++i)
        sameOrder = m_box->itemData(i).toString() == names.at(i);
    if (sameOrder) { // counts change every second: relabel in place, keep the model
        for (int i = 0; i < m_box->count(); ++i) {
            if (m_box->itemText(i) != labels.at(i))
                m_box->setItemText(i, labels.at(i));
        }
    } else {
        const QSignalBlocker block(m_box);
        m_box->clear();
        for (qsizetype i = 0; i < names.size(); ++i)
            m_box->addItem(labels.at(i), names.at(i));
        m_box->setCurrentIndex(m_box->findData(m_current));
    }
    if (m_box->currentIndex() < 0 && m_box->count() > 0)
        select(0);
    else if (m_box->count() == 0 && !m_current.isEmpty())
        select(-1);
}

void PoolPicker::select(int index)
{
    {
        const QSignalBlocker block(m_box);
        m_box->setCurrentIndex(index);
    }
    const QString pool = index < 0 ? QString() : m_box->itemData(index).toString();
    if (pool == m_current)
        return;
    m_current = pool;
    emit poolChanged(m_current);
}

} // namespace sluice
