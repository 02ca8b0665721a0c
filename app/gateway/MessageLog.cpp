#include "MessageLog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
AccessLog::Format g_format = AccessLog::Format::Plain;

QString levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return u"debug"_s;
    case QtInfoMsg:
        return u"info"_s;
    case QtWarningMsg:
        return u"warning"_s;
    case QtCriticalMsg:
        return u"critical"_s;
    case QtFatalMsg:
        return u"fatal"_s;
    }
    return u"info"_s;
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString ts = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QString category = QString::fromLatin1(context.category ? context.category : "default");
    QByteArray line;
    if (g_format == AccessLog::Format::Json) {
        line = QJsonDocument(QJsonObject{{u"ts"_s, ts},
                                         {u"kind"_s, u"log"_s},
                                         {u"level"_s, levelName(type)},
                                         {u"category"_s, category},
                                         {u"msg"_s, message}})
                   .toJson(QJsonDocument::Compact);
    } else {
        line = (ts + u' ' + levelName(type) + u' ' + category + u' ' + message).toUtf8();
    }
    line += '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}
} // namespace

void installMessageLog(AccessLog::Format format)
{
    g_format = format;
    qInstallMessageHandler(handler);
}

} // namespace sluice
