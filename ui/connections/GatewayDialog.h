#pragma once

#include "connections/GatewayEntry.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sluice {

/// Adds or edits a remote gateway: name, URL, API key and TLS verification. OK stays
/// disabled, with the reason shown, until the input is usable.
class GatewayDialog : public QDialog
{
    Q_OBJECT

public:
    /// Editing when `existing` is given: its key stays unless a new one is typed.
    /// `keyStorage` says where keys go, e.g. "the system keychain".
    GatewayDialog(const std::optional<GatewayEntry> &existing, const QString &keyStorage,
                  QWidget *parent = nullptr);

    GatewayEntry entry() const;
    /// nullopt when editing and no new key was typed.
    std::optional<QString> apiKey() const;
    /// Why the input cannot be used yet; empty when it can.
    QString problem() const;

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *keyEdit() const { return m_key; }
    QCheckBox *verifyTlsBox() const { return m_verifyTls; }
    QPushButton *okButton() const { return m_ok; }

private:
    void validate();

    std::optional<GatewayEntry> m_existing;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_key;
    QCheckBox *m_verifyTls;
    QLabel *m_problem;
    QPushButton *m_ok;
};

} // namespace sluice
