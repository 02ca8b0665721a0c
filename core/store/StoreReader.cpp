#include "store/StoreReader.h"

#include "store/Store.h"

namespace sluice {

using namespace Qt::StringLiterals;

StoreReader::StoreReader(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
{
    m_thread.setObjectName(u"sluice-store-reader"_s);
}

StoreReader::~StoreReader()
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [this] { m_store.reset(); }, Qt::BlockingQueuedConnection);
    m_worker->deleteLater();
    m_thread.quit();
    m_thread.wait();
}

Result<Done> StoreReader::start()
{
    Q_ASSERT(!m_worker);
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    Result<Done> opened = Done{};
    QMetaObject::invokeMethod(
        m_worker,
        [this, &opened] {
            m_store = std::make_unique<Store>();
            opened = m_store->open(m_path);
            if (!opened)
                m_store.reset();
        },
        Qt::BlockingQueuedConnection);
    return opened;
}

void StoreReader::post(std::function<void(const Store &)> job)
{
    Q_ASSERT(m_worker);
    QMetaObject::invokeMethod(
        m_worker,
        [this, job = std::move(job)] {
            if (m_store) // start() succeeded: the runtime does not run otherwise
                job(*m_store);
        },
        Qt::QueuedConnection);
}

} // namespace sluice
