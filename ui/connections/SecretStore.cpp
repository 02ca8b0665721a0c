#include "connections/SecretStore.h"

#include <qt6keychain/keychain.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
/// Errors that mean "no keychain here", as opposed to "no such entry" or "the user said no".
bool keychainMissing(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented ||
           error == QKeychain::OtherError || error == QKeychain::AccessDenied;
}

QString settingsKey(const QString &key)
{
    return u"keys/"_s + QString::fromLatin1(key.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}
} // namespace

SecretStore::SecretStore(const QString &service, const QString &fallbackPath, Mode mode,
                         QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_fallbackPath(fallbackPath)
    , m_mode(mode)
{}

void SecretStore::write(const QString &key, const QString &secret, WriteDone done)
{
    if (usingFallback()) {
        QTimer::singleShot(0, this, [this, key, secret, done] {
            QString error;
            const bool ok = writeFile(key, secret, &error);
            done(ok, error);
        });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key, secret, done](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError) {
            removeFile(key);
            done(true, {});
        } else if (keychainMissing(j->error())) {
            fallBack(j->errorString());
            QString error;
            const bool ok = writeFile(key, secret, &error);
            done(ok, error);
        } else {
            done(false, j->errorString());
        }
    });
    job->start();
}

void SecretStore::read(const QString &key, ReadDone done)
{
    if (usingFallback()) {
        QTimer::singleShot(0, this, [this, key, done] { done(readFile(key), {}); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key, done](QKeychain::Job *j) {
        auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (j->error() == QKeychain::NoError) {
            done(readJob->textData(), {});
        } else if (j->error() == QKeychain::EntryNotFound || keychainMissing(j->error())) {
            if (keychainMissing(j->error()))
                fallBack(j->errorString());
            done(readFile(key), {});
        } else {
            done(std::nullopt, j->errorString());
        }
    });
    job->start();
}

void SecretStore::remove(const QString &key, WriteDone done)
{
    removeFile(key);
    if (usingFallback()) {
        QTimer::singleShot(0, this, [done] { done(true, {}); });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, done](QKeychain::Job *j) {
        if (keychainMissing(j->error()))
            fallBack(j->errorString());
        if (j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound ||
            keychainMissing(j->error()))
            done(true, {});
        else
            done(false, j->errorString());
    });
    job->start();
}

void SecretStore::fallBack(const QString &reason)
{
    if (m_mode == Mode::FileOnly)
        return;
    m_mode = Mode::FileOnly;
    emit fellBack(reason);
}

bool SecretStore::writeFile(const QString &key, const QString &secret, QString *error)
{
    QDir().mkpath(QFileInfo(m_fallbackPath).absolutePath());
    const QFileDevice::Permissions userOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!QFile::exists(m_fallbackPath)) {
        QFile create(m_fallbackPath);
        if (!create.open(QIODevice::WriteOnly, userOnly)) {
            *error = u"Could not create "_s % m_fallbackPath % u": "_s % create.errorString();
            return false;
        }
    }
    {
        QSettings file(m_fallbackPath, QSettings::IniFormat);
        file.setValue(settingsKey(key), secret);
        file.sync();
        if (file.status() != QSettings::NoError) {
            *error = u"Could not write "_s + m_fallbackPath;
            return false;
        }
    }
    QFile::setPermissions(m_fallbackPath, userOnly);
    return true;
}

std::optional<QString> SecretStore::readFile(const QString &key) const
{
    const QSettings file(m_fallbackPath, QSettings::IniFormat);
    const QVariant value = file.value(settingsKey(key));
    return value.isValid() ? std::optional<QString>(value.toString()) : std::nullopt;
}

void SecretStore::removeFile(const QString &key)
{
    if (!QFile::exists(m_fallbackPath))
        return;
    QSettings file(m_fallbackPath, QSettings::IniFormat);
    file.remove(settingsKey(key));
}

} // namespace sluice
