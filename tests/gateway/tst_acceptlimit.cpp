#include "GatewayFixture.h"

#include <QTest>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

using namespace sluice;
using namespace sluice::test;
using namespace Qt::StringLiterals;

namespace {

/// Fills this process's descriptor table: lowers the soft limit to just above the highest
/// descriptor now open and takes the rest with dup() of /dev/null. Undone by the destructor.
class FullDescriptorTable
{
public:
    FullDescriptorTable()
        : m_seed(open("/dev/null", O_RDONLY | O_CLOEXEC)) // stdin may be closed
    {
        getrlimit(RLIMIT_NOFILE, &m_saved);
        int highest = 0;
        for (int fd = 0; fd < int(m_saved.rlim_cur) && fd < 65536; ++fd)
            if (fcntl(fd, F_GETFD) != -1)
                highest = fd;
        rlimit lowered = m_saved;
        lowered.rlim_cur = rlim_t(highest + 8);
        setrlimit(RLIMIT_NOFILE, &lowered);
        for (int fd = dup(m_seed); fd != -1; fd = dup(m_seed))
            m_taken.push_back(fd);
    }
    ~FullDescriptorTable()
    {
        release();
        close(m_seed);
    }

    bool full() const
    {
        const int fd = dup(m_seed);
        if (fd == -1)
            return errno == EMFILE;
        close(fd);
        return false;
    }
    void release()
    {
        for (int fd : m_taken)
            close(fd);
        m_taken.clear();
        setrlimit(RLIMIT_NOFILE, &m_saved);
    }

private:
    int m_seed;
    rlimit m_saved{};
    std::vector<int> m_taken;
};

/// A connection attempt whose socket exists before the table is full.
int connectTo(int fd, quint16 port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
}

} // namespace

/// Out of file descriptors, the gateway pauses accepting and comes back, whatever came before.
class TestAcceptLimit : public QObject
{
    Q_OBJECT

private slots:
    /// Qt 6.4's QTcpServer keeps the first error its socket engine saw: after one EAGAIN (a
    /// drained queue, the usual case), EMFILE read as temporary, so it neither paused nor said
    /// so and the accept loop spun at 100% of a core.
    void outOfDescriptorsAfterADrainedQueuePauses()
    {
        GatewayFixture f;
        GatewayOptions o = f.options();
        o.http.limits.acceptBackoffMs = 20;
        QVERIFY(f.start(o));
        const quint16 port = f.gateway->port();

        // One connection accepted, then the queue drained: accept() said EAGAIN.
        QTcpSocket first;
        first.connectToHost(QHostAddress::LocalHost, port);
        QTRY_COMPARE_WITH_TIMEOUT(f.gateway->http().connectionCount(), 1, GatewayFixture::kWaitMs);

        const int second = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QVERIFY(second != -1);
        FullDescriptorTable table;
        QVERIFY(table.full());
        QCOMPARE(connectTo(second, port), 0); // the kernel completes it; accept() cannot
        QTRY_VERIFY_WITH_TIMEOUT(f.gateway->http().acceptPauses() > 0, GatewayFixture::kWaitMs);
        QCOMPARE(f.gateway->http().connectionCount(), 1);

        table.release();
        QTRY_COMPARE_WITH_TIMEOUT(f.gateway->http().connectionCount(), 2, GatewayFixture::kWaitMs);
        ::close(second);
    }
};

QTEST_GUILESS_MAIN(TestAcceptLimit)
#include "tst_acceptlimit.moc"
