#include "TcpListener.h"

#include <QPointer>
#include <QSocketNotifier>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {

constexpr int kBacklog = 511;      // nginx's default; the kernel caps it at net.core.somaxconn
constexpr int kAcceptsPerRound = 64; // then back to the event loop, which calls again

/// accept(2): errors that belong to the connection being accepted, not to the listener.
bool isConnectionError(int error)
{
    switch (error) {
    case ECONNABORTED:
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
    case EPERM: // refused by a firewall rule
    case EINTR:
        return true;
    default:
        return false;
    }
}

QString systemError(const QString &what, int error)
{
    return u"%1: %2"_s.arg(what, QString::fromLocal8Bit(std::strerror(error)));
}

} // namespace

TcpListener::TcpListener(int backoffMs, QObject *parent)
    : QObject(parent)
    , m_backoffMs(backoffMs)
{
    m_resume.setSingleShot(true);
    connect(&m_resume, &QTimer::timeout, this, [this] {
        if (m_notifier)
            m_notifier->setEnabled(true);
    });
}

TcpListener::~TcpListener()
{
    close();
}

Result<Done> TcpListener::listen(const QHostAddress &address, quint16 port)
{
    sockaddr_storage storage{};
    socklen_t length = 0;
    const bool v4 = address.protocol() == QAbstractSocket::IPv4Protocol;
    if (v4) {
        auto *in = reinterpret_cast<sockaddr_in *>(&storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof *in;
    } else {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        in6->sin6_scope_id = address.scopeId().toUInt();
        length = sizeof *in6;
    }
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd == -1)
        return Error{errors::kListenFailed, systemError(u"cannot create a socket"_s, errno), {}};
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on); // restart over TIME_WAIT
    if (!v4) {
        const int v6only = address.protocol() == QAbstractSocket::AnyIPProtocol ? 0 : 1;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
    }
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) == -1 ||
        ::listen(fd, kBacklog) == -1) {
        const Error failed{errors::kListenFailed, QString::fromLocal8Bit(std::strerror(errno)), {}};
        ::close(fd);
        return failed;
    }
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length);
    m_port = ntohs(v4 ? reinterpret_cast<sockaddr_in *>(&storage)->sin_port
                      : reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port);
    m_fd = fd;
    m_notifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &TcpListener::acceptSome);
    // Said explicitly, and so made while descriptors remain: a sanitizer build checks the type
    // behind each first call with a pipe, which it cannot open once pause() is needed.
    m_notifier->setEnabled(true);
    return Done{};
}

void TcpListener::close()
{
    m_resume.stop();
    m_notifier.reset();
    if (m_fd != -1)
        ::close(m_fd);
    m_fd = -1;
}

void TcpListener::acceptSome()
{
    const QPointer<TcpListener> alive(this);
    for (int round = 0; round < kAcceptsPerRound && alive && m_fd != -1; ++round) {
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd != -1) {
            emit accepted(fd);
            continue;
        }
        const int error = errno;
        if (error == EAGAIN || error == EWOULDBLOCK)
            return;
        if (!isConnectionError(error)) {
            pause(error);
            return;
        }
    }
}

void TcpListener::pause(int error)
{
    ++m_pauses;
    m_notifier->setEnabled(false);
    m_resume.start(m_backoffMs);
    emit paused(QString::fromLocal8Bit(std::strerror(error)));
}

} // namespace sluice
