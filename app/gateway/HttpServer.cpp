#include "HttpServer.h"

#include "TcpListener.h"
#include "WebSocketGuard.h"
#include "protocol/ApiResponse.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

#include <unistd.h>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcHttp, "sluice.http")

Result<QSslConfiguration> loadTls(const QString &certificatePath, const QString &keyPath)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificatePath, QSsl::Pem);
    if (chain.isEmpty()) {
        return Error{errors::kInvalidArgument,
                     u"--tls-cert %1: no PEM certificate could be read"_s.arg(certificatePath),
                     {}};
    }
    QFile file(keyPath);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{
            errors::kInvalidArgument, u"--tls-key %1: %2"_s.arg(keyPath, file.errorString()), {}};
    }
    const QByteArray pem = file.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) {
        return Error{errors::kInvalidArgument,
                     u"--tls-key %1: not an unencrypted PEM RSA or EC private key"_s.arg(keyPath),
                     {}};
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    return config;
}

} // namespace

HttpServer::HttpServer(ApiService &service, Options options, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_options(std::move(options))
    , m_webSockets(
          std::make_unique<QWebSocketServer>(u"sluiced"_s, QWebSocketServer::NonSecureMode))
    , m_sockets(std::make_unique<QObject>())
{
    connect(m_webSockets.get(), &QWebSocketServer::newConnection, this,
            &HttpServer::newWebSocketConnection);
}

HttpServer::~HttpServer()
{
    m_listener.reset();
    m_sockets.reset(); // the sockets report their end while the counts still exist
}

Result<Done> HttpServer::start()
{
    if (isTls()) {
        const Result<QSslConfiguration> config =
            loadTls(m_options.tlsCertificate, m_options.tlsKey);
        if (!config)
            return config.error();
        m_tls = *config;
    }
    auto listener = std::make_unique<TcpListener>(m_options.limits.acceptBackoffMs);
    if (const Result<Done> listening = listener->listen(m_options.address, m_options.port);
        !listening)
        return Error{errors::kListenFailed,
                     u"cannot listen on %1:%2: %3"_s.arg(m_options.address.toString())
                         .arg(m_options.port)
                         .arg(listening.error().message),
                     {}};
    connect(listener.get(), &TcpListener::accepted, this, &HttpServer::onAccepted);
    connect(listener.get(), &TcpListener::paused, this, &HttpServer::onAcceptPaused);
    m_listener = std::move(listener);
    return Done{};
}

quint16 HttpServer::port() const
{
    return m_listener ? m_listener->port() : 0;
}

int HttpServer::acceptPauses() const
{
    return m_listener ? m_listener->pauses() : 0;
}

void HttpServer::stopListening()
{
    if (m_listener)
        m_listener->close();
}

std::unique_ptr<QWebSocket> HttpServer::takeWebSocket()
{
    std::unique_ptr<QWebSocket> webSocket(m_webSockets->nextPendingConnection());
    if (!webSocket)
        return webSocket;
    for (qsizetype i = 0; i < m_handshaking.size(); ++i) {
        WebSocketGuard *guard = m_handshaking.at(i);
        if (guard && guard->socket()->peerPort() == webSocket->peerPort() &&
            guard->socket()->peerAddress() == webSocket->peerAddress()) {
            m_handshaking.removeAt(i);
            guard->attach();
            break;
        }
    }
    return webSocket;
}

QByteArray HttpServer::addressKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QByteArray::number(v4);
    const Q_IPV6ADDR v6 = address.toIPv6Address();
    return QByteArray(reinterpret_cast<const char *>(v6.c), 8); // the /64
}

void HttpServer::onAccepted(qintptr descriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(m_sockets.get()) : new QTcpSocket(m_sockets.get());
    // Plain TCP unbuffered: HttpConnection reads into its own buffer and each answer is
    // written at once, without Qt's ring buffers and the FIONREAD before every read.
    const QIODevice::OpenMode mode =
        m_tls ? QIODevice::ReadWrite : QIODevice::ReadWrite | QIODevice::Unbuffered;
    if (!socket->setSocketDescriptor(descriptor, QAbstractSocket::ConnectedState, mode)) {
        qCWarning(lcHttp, "cannot use an accepted connection: %s",
                  qUtf8Printable(socket->errorString()));
        ::close(int(descriptor));
        delete socket;
        return;
    }
    if (m_tls) {
        auto *ssl = static_cast<QSslSocket *>(socket);
        ssl->setSslConfiguration(*m_tls);
        ssl->startServerEncryption(); // requests are read once decrypted; the deadlines run
    }
    serve(socket);
}

void HttpServer::serve(QTcpSocket *socket)
{
    const QByteArray key = addressKey(socket->peerAddress());
    int &count = m_perAddress[key];
    const bool over = m_total >= m_options.limits.maxConnections ||
                      count >= m_options.limits.maxConnectionsPerAddress;
    ++count;
    ++m_total;
    connect(socket, &QObject::destroyed, this, [this, key] {
        --m_total;
        const auto it = m_perAddress.find(key);
        if (it != m_perAddress.end() && --it.value() <= 0)
            m_perAddress.erase(it);
    });
    auto *connection = new HttpConnection(
        socket, m_options.limits, m_service,
        [this](QTcpSocket *s, qint64 handshakeBytes) { upgrade(s, handshakeBytes); });
    if (over) {
        const QByteArray body =
            ApiResponse::error(503, u"TOO_MANY_CONNECTIONS"_s,
                               m_total > m_options.limits.maxConnections
                                   ? u"The gateway has too many connections open"_s
                                   : u"Too many connections from this address"_s)
                .serializedBody();
        connection->refuse(503, body,
                           {{"content-type", "application/json"},
                            {"content-length", QByteArray::number(body.size())},
                            {"retry-after", "1"}});
    }
}

void HttpServer::upgrade(QTcpSocket *socket, qint64 handshakeBytes)
{
    m_handshaking.removeAll(nullptr);
    m_handshaking.append(new WebSocketGuard(socket, handshakeBytes)); // before QWebSocket
    m_webSockets->handleConnection(socket);
    emit socket->readyRead(); // the handshake is already buffered
}

void HttpServer::onAcceptPaused(const QString &reason)
{
    const int pauses = m_listener->pauses();
    if (pauses % 100 == 1)
        qCWarning(lcHttp, "cannot accept a connection (%s): accepting paused for %d ms (%d times)",
                  qUtf8Printable(reason), m_options.limits.acceptBackoffMs, pauses);
}

} // namespace sluice
