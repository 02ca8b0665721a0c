#include "connections/GatewayDialog.h"

#include "config/ConfigValidator.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

GatewayDialog::GatewayDialog(const std::optional<GatewayEntry> &existing, const QString &keyStorage,
                             QWidget *parent)
    : QDialog(parent)
    , m_existing(existing)
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_key(new QLineEdit(this))
    , m_verifyTls(new QCheckBox(u"Verify the TLS certificate"_s, this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(existing ? u"Edit gateway"_s : u"Add gateway"_s);
    m_name->setPlaceholderText(u"e.g. Production"_s);
    m_url->setPlaceholderText(u"https://sluice.example.com:8787"_s);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(existing ? u"(unchanged)"_s : u"The gateway API key"_s);
    m_verifyTls->setChecked(true);
    if (existing) {
        m_name->setText(existing->name);
        m_url->setText(existing->url);
        m_verifyTls->setChecked(existing->verifyTls);
    }
    auto *storage = new QLabel(u"The key is kept in "_s % keyStorage % u'.', this);
    storage->setWordWrap(true);
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(u"Name:"_s, m_name);
    form->addRow(u"URL:"_s, m_url);
    form->addRow(u"API key:"_s, m_key);
    form->addRow(QString(), m_verifyTls);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(storage);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setMinimumWidth(460);

    for (QLineEdit *edit : {m_name, m_url, m_key})
        connect(edit, &QLineEdit::textChanged, this, &GatewayDialog::validate);
    validate();
}

GatewayEntry GatewayDialog::entry() const
{
    GatewayEntry entry = m_existing.value_or(GatewayEntry{});
    entry.name = m_name->text().trimmed();
    entry.url = m_url->text().trimmed();
    while (entry.url.endsWith(u'/'))
        entry.url.chop(1);
    entry.verifyTls = m_verifyTls->isChecked();
    return entry;
}

std::optional<QString> GatewayDialog::apiKey() const
{
    const QString key = m_key->text().trimmed();
    if (key.isEmpty() && m_existing)
        return std::nullopt;
    return key;
}

QString GatewayDialog::problem() const
{
    if (m_name->text().trimmed().isEmpty())
        return u"Give the gateway a name."_s;
    if (m_name->text().trimmed().compare(u"Local"_s, Qt::CaseInsensitive) == 0)
        return u"\"Local\" is the embedded engine; choose another name."_s;
    if (!isValidHttpUrl(m_url->text().trimmed()))
        return u"The URL must be an http:// or https:// address with a host (got \""_s %
               m_url->text().trimmed() % u"\")."_s;
    if (!m_existing && m_key->text().trimmed().isEmpty())
        return u"Enter the API key the gateway gave you."_s;
    return {};
}

void GatewayDialog::validate()
{
    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty() && !m_name->text().isEmpty());
    m_ok->setEnabled(text.isEmpty());
    m_ok->setToolTip(text);
    // Plain http:// has no certificate to verify: say so rather than offer a choice.
    const bool plain = m_url->text().trimmed().startsWith(u"http://"_s, Qt::CaseInsensitive);
    m_verifyTls->setEnabled(!plain);
    m_verifyTls->setToolTip(plain ? u"An http:// address has no TLS and no certificate to "
                                    "verify; use https:// for a gateway across a network."_s
                                  : u"Turn off only for a gateway with a self-signed "
                                    "certificate you trust."_s);
}

} // namespace sluice
