#pragma once

#include "MockTypes.h"

#include <QNetworkAccessManager>
#include <QProcess>
#include <QUrl>

#include <optional>

namespace sluice::bench {

/// The mock-provider program as a child process (so that its timing does not share a thread
/// with the load or the proxy); its counters are read and reset over HTTP.
class MockProcess
{
public:
    ~MockProcess();

    /// Starts `program` with `arguments` (plus --port 0) and reads the port it prints.
    bool start(const QString &program, const QStringList &arguments, QString *error);
    QUrl baseUrl() const;
    bool resetStats();
    std::optional<test::MockStats> stats();

private:
    QByteArray call(const QByteArray &method, const QString &path);

    QProcess m_process;
    quint16 m_port = 0;
    QNetworkAccessManager m_http;
};

} // namespace sluice::bench
