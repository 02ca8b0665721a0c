#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace sluice {

/// Keeps remote gateways' API keys out of the settings file: in the system keychain through
/// QtKeychain (Secret Service or KWallet on Linux, Keychain on macOS, Credential Manager on
/// Windows).
///
/// Fallback: where no keychain service answers (a server or minimal desktop without a
/// Secret Service provider, no D-Bus session), keys go to a file only the user may read
/// (`fallbackPath`, mode 0600), in plain text; usingFallback() turns true so the connection
/// dialog can say so. Reading looks in the keychain first, then in that file.
/// Callbacks run once, later, on the thread of the store (the GUI thread).
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        Keychain,
        FileOnly
    };
    using WriteDone = std::function<void(bool ok, const QString &error)>;
    using ReadDone =
        std::function<void(const std::optional<QString> &secret, const QString &error)>;

    SecretStore(const QString &service, const QString &fallbackPath, Mode mode = Mode::Keychain,
                QObject *parent = nullptr);

    void write(const QString &key, const QString &secret, WriteDone done);
    /// nullopt without an error: no secret stored under that key.
    void read(const QString &key, ReadDone done);
    void remove(const QString &key, WriteDone done);

    bool usingFallback() const { return m_mode == Mode::FileOnly; }
    QString fallbackPath() const { return m_fallbackPath; }

signals:
    /// The keychain did not answer and keys now go to the fallback file.
    void fellBack(const QString &reason);

private:
    bool writeFile(const QString &key, const QString &secret, QString *error);
    std::optional<QString> readFile(const QString &key) const;
    void removeFile(const QString &key);
    void fallBack(const QString &reason);

    QString m_service;
    QString m_fallbackPath;
    Mode m_mode;
};

} // namespace sluice
