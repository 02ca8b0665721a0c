#include "MockProcess.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sluice::bench {

MockProcess::~MockProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(3000))
            m_process.kill();
    }
}

bool MockProcess::start(const QString &program, const QStringList &arguments, QString *error)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(program, arguments + QStringList{u"--port"_s, u"0"_s});
    if (!m_process.waitForStarted(5000)) {
        *error = u"cannot start %1: %2"_s.arg(program, m_process.errorString());
        return false;
    }
    while (!m_process.canReadLine()) {
        if (!m_process.waitForReadyRead(5000)) {
            *error = u"%1 printed no port"_s.arg(program);
            return false;
        }
    }
    m_port = quint16(m_process.readLine().trimmed().toUInt());
    if (m_port == 0)
        *error = u"%1 printed no port"_s.arg(program);
    return m_port != 0;
}

QUrl MockProcess::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

QByteArray MockProcess::call(const QByteArray &method, const QString &path)
{
    QNetworkReply *reply = m_http.sendCustomRequest(QNetworkRequest(baseUrl().resolved(QUrl(path))),
                                                    method);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->isFinished() && reply->error() == QNetworkReply::NoError
                                ? reply->readAll()
                                : QByteArray();
    reply->deleteLater();
    return body;
}

bool MockProcess::resetStats()
{
    call("POST", u"/mock/reset"_s);
    return stats().has_value();
}

std::optional<test::MockStats> MockProcess::stats()
{
    const QJsonDocument json = QJsonDocument::fromJson(call("GET", u"/mock/stats"_s));
    if (!json.isObject())
        return std::nullopt;
    return test::MockStats::fromJson(json.object());
}

} // namespace sluice::bench
