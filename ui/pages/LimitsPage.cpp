#include "pages/LimitsPage.h"

#include "backend/Backend.h"
#include "forms/ConfigApplier.h"
#include "forms/ConfigRebaser.h"
#include "forms/PoolForm.h"
#include "forms/TierForm.h"
#include "pages/ConfigHistoryPanel.h"
#include "protocol/ApiResponse.h"
#include "widgets/Guarded.h"
#include "widgets/PoolPicker.h"
#include "widgets/RolePolicy.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sluice {

using namespace Qt::StringLiterals;

namespace {
QWidget *formTab(QComboBox *selector, const QString &label, QWidget *form, QWidget *parent)
{
    auto *tab = new QWidget(parent);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(label, tab));
    top->addWidget(selector);
    top->addStretch();
    selector->setMinimumWidth(200);
    auto *scroll = new QScrollArea(tab);
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(tab);
    layout->addLayout(top);
    layout->addWidget(scroll);
    return tab;
}
} // namespace

LimitsPage::LimitsPage(Backend &backend, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_applier(new ConfigApplier(backend, this))
    , m_rebaser(new ConfigRebaser(backend, this))
    , m_confirm(messageBoxConfirm())
    , m_askConflict(&ConfigConflictDialog::ask)
    , m_tabs(new QTabWidget(this))
    , m_poolSelector(new QComboBox(this))
    , m_poolPicker(new PoolPicker(m_poolSelector, backend, this))
    , m_tierSelector(new QComboBox(this))
    , m_poolForm(new PoolForm(this))
    , m_tierForm(new TierForm(this))
    , m_history(new ConfigHistoryPanel(this))
    , m_message(new QLabel(this))
    , m_revert(new QPushButton(u"Revert"_s, this))
    , m_apply(new QPushButton(u"Apply…"_s, this))
{
    m_tabs->addTab(formTab(m_poolSelector, u"Pool:"_s, m_poolForm, this), u"Pools"_s);
    m_tabs->addTab(formTab(m_tierSelector, u"Tier:"_s, m_tierForm, this), u"Tiers"_s);
    m_tabs->addTab(m_history, u"History"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_apply->setDefault(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_message, 1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_apply);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addLayout(buttons);

    connect(m_poolPicker, &PoolPicker::poolChanged, this, &LimitsPage::showPool);
    connect(m_tierSelector, &QComboBox::currentTextChanged, this, &LimitsPage::showTier);
    for (LimitForm *form :
         {static_cast<LimitForm *>(m_poolForm), static_cast<LimitForm *>(m_tierForm)}) {
        connect(form, &LimitForm::edited, this, [this] {
            syncDraft();
            updateState();
        });
        connect(form, &LimitForm::problemsChanged, this, &LimitsPage::updateState);
    }
    connect(m_apply, &QPushButton::clicked, this, &LimitsPage::apply);
    connect(m_revert, &QPushButton::clicked, this, [this] { load(m_base); });
    connect(m_applier, &ConfigApplier::applied, this, [this](qint32 version) {
        reload(u"Applied as version "_s % QString::number(version) % u'.');
    });
    connect(m_applier, &ConfigApplier::rejected, this, &LimitsPage::onRejected);
    connect(m_applier, &ConfigApplier::unchanged, this,
            [this] { setMessage(u"Nothing to apply: no value differs from the one in force."_s); });
    connect(m_history, &ConfigHistoryPanel::rollbackRequested, this, &LimitsPage::rollbackTo);
    connect(&m_backend, &Backend::snapshotChanged, this, &LimitsPage::onSnapshot);
    connect(&m_backend, &Backend::connectionStateChanged, this, [this] {
        updateState();
        if (!m_loaded)
            reload();
    });
    reload();
}

void LimitsPage::reload(const QString &message)
{
    ++m_reloads;
    m_backend.config(
        guarded<VersionedConfig>(this, [message](LimitsPage &page, const auto &result) {
            --page.m_reloads;
            if (!result.ok()) {
                page.setMessage(u"Could not read the configuration: "_s % result.error().message);
                return;
            }
            page.load(*result);
            if (!message.isEmpty())
                page.setMessage(message);
        }));
    loadHistory();
}

void LimitsPage::loadHistory()
{
    m_backend.configHistory(
        guarded<QList<ConfigVersionRow>>(this, [](LimitsPage &page, const auto &result) {
            if (result.ok())
                page.m_history->setHistory(*result, page.m_base.version);
        }));
}

bool LimitsPage::hasUnsavedChanges() const
{
    return m_loaded && !(m_draft == m_base.config);
}

void LimitsPage::load(const VersionedConfig &config)
{
    m_base = config;
    m_draft = config.config;
    m_loaded = true;
    m_followedVersion = config.version;
    showDraft();
    setMessage({});
    updateState();
}

/// Fills the selectors and forms from the draft, keeping the pool and tier shown.
void LimitsPage::showDraft()
{
    m_shownPool.clear();
    m_shownTier.clear();
    const QString tier = m_tierSelector->currentText();
    QSignalBlocker poolBlock(m_poolPicker);
    QSignalBlocker tierBlock(m_tierSelector);
    QStringList pools;
    for (const PoolConfig &p : std::as_const(m_draft.pools))
        pools << p.name;
    m_poolPicker->setPools(pools);
    m_tierSelector->clear();
    for (const TierConfig &t : std::as_const(m_draft.tiers))
        m_tierSelector->addItem(t.name);
    m_tierSelector->setCurrentIndex(std::max(0, m_tierSelector->findText(tier)));
    showPool(m_poolPicker->currentPool());
    showTier(m_tierSelector->currentText());
}

void LimitsPage::syncDraft()
{
    for (PoolConfig &pool : m_draft.pools) {
        if (pool.name == m_shownPool)
            pool = m_poolForm->pool();
    }
    for (TierConfig &tier : m_draft.tiers) {
        if (tier.name == m_shownTier)
            tier = m_tierForm->tier();
    }
}

void LimitsPage::showPool(const QString &name)
{
    syncDraft();
    m_shownPool.clear();
    if (const PoolConfig *pool = m_draft.pool(name)) {
        m_poolForm->setPool(*pool, m_base.config.pool(name));
        m_shownPool = name;
    }
}

void LimitsPage::showTier(const QString &name)
{
    syncDraft();
    m_shownTier.clear();
    if (const TierConfig *tier = m_draft.tier(name)) {
        m_tierForm->setTier(*tier, m_base.config.tier(name));
        m_shownTier = name;
    }
}

void LimitsPage::apply()
{
    syncDraft();
    m_poolForm->clearErrors();
    m_tierForm->clearErrors();
    setMessage({});
    m_applier->apply(m_base, m_draft);
    updateState();
}

void LimitsPage::onRejected(const Error &error)
{
    if (error.code == errors::kConfigConflict) {
        onConflict();
        return;
    }
    QList<FieldError> rest = m_poolForm->showErrors(error.fields, u"pools."_s % m_shownPool);
    rest = m_tierForm->showErrors(rest, u"tiers."_s % m_shownTier);
    QString text = u"Not applied: "_s % error.message;
    if (!error.fields.isEmpty())
        text = u"Not applied: "_s % describeErrors(error.fields);
    setMessage(text);
    updateState();
}

void LimitsPage::rollbackTo(qint32 version)
{
    const QString question = u"Apply configuration version "_s % QString::number(version) %
                             u" again? It becomes a new version and takes effect at once."_s;
    if (!m_confirm(this, u"Roll back configuration"_s, question))
        return;
    m_backend.rollback(
        version, m_base.version,
        guarded<ConfigApplied>(this, [version](LimitsPage &page, const auto &result) {
            if (result) {
                page.reload(u"Rolled back to version "_s % QString::number(version) %
                            u" as version "_s % QString::number(result->version) % u'.');
            } else if (result.error().code == errors::kConfigConflict && page.hasUnsavedChanges()) {
                page.loadHistory();
                page.setMessage(u"Not rolled back: another version was applied meanwhile. "
                                "The history is up to date again; choose once more."_s);
            } else if (result.error().code == errors::kConfigConflict) {
                page.reload(u"Not rolled back: another version was applied meanwhile. "
                            "It is shown now, with the history; choose once more."_s);
            } else {
                page.setMessage(u"Rollback failed: "_s % result.error().message);
            }
        }));
}

void LimitsPage::updateState()
{
    const Role role = m_backend.role();
    const bool admin = RolePolicy::allows(role, Role::Admin);
    const QString why = RolePolicy::deniedReason(Role::Admin, role);
    m_poolForm->setReadOnly(!admin, why);
    m_tierForm->setReadOnly(!admin, why);
    m_history->setRollbackAllowed(admin, why);
    const QStringList problems = m_poolForm->problems() + m_tierForm->problems();
    const bool dirty = hasUnsavedChanges();
    m_apply->setEnabled(admin && m_loaded && problems.isEmpty() && !m_applier->busy() &&
                        !m_rebaser->busy());
    m_apply->setToolTip(!admin ? why
                        : !problems.isEmpty()
                            ? QString(u"Cannot apply: "_s % problems.join(u"; "_s))
                            : u"Shows the changes and asks before applying them."_s);
    m_revert->setEnabled(admin && dirty);
    m_revert->setToolTip(admin ? u"Drops the edits not applied yet."_s : why);
    if (!problems.isEmpty())
        setMessage(u"Cannot apply: "_s % problems.join(u"; "_s));
    else if (!admin)
        setMessage(u"Read only. "_s % why);
    else if (m_message->text().startsWith(u"Cannot apply") ||
             m_message->text().startsWith(u"Read only"))
        setMessage({});
}

void LimitsPage::setMessage(const QString &text)
{
    m_message->setText(text);
}

} // namespace sluice
