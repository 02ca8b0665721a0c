#include "connections/GatewayDialog.h"
#include "connections/GatewayDirectory.h"
#include "connections/SecretStore.h"
#include "models/GatewayListModel.h"
#include "pages/ConnectionsPage.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace sluice;
using namespace Qt::StringLiterals;

class TestConnections : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    static std::optional<QString> readSync(SecretStore &store, const QString &key)
    {
        std::optional<QString> secret;
        bool done = false;
        store.read(key, [&](const std::optional<QString> &value, const QString &) {
            secret = value;
            done = true;
        });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        }();
        return secret;
    }

    static bool writeSync(SecretStore &store, const QString &key, const QString &secret)
    {
        bool ok = false;
        bool done = false;
        store.write(key, secret, [&](bool success, const QString &) {
            ok = success;
            done = true;
        });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        }();
        return ok;
    }

private slots:
    void fallbackFileKeepsKeysPrivate()
    {
        SecretStore store(u"sluice-test"_s, path(u"keys.ini"_s), SecretStore::Mode::FileOnly);
        QVERIFY(store.usingFallback());
        QVERIFY(writeSync(store, u"gw1"_s, u"sk-secret-1"_s));
        QCOMPARE(readSync(store, u"gw1"_s), std::optional<QString>(u"sk-secret-1"_s));
        QCOMPARE(readSync(store, u"other"_s), std::nullopt);
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                QFileDevice::ReadOther | QFileDevice::WriteOther;
        QCOMPARE(QFile::permissions(path(u"keys.ini"_s)) & others, QFileDevice::Permissions());
        QVERIFY(QFile::permissions(path(u"keys.ini"_s)).testFlag(QFileDevice::ReadOwner));
        bool removed = false;
        store.remove(u"gw1"_s, [&](bool ok, const QString &) { removed = ok; });
        QTRY_VERIFY(removed);
        QCOMPARE(readSync(store, u"gw1"_s), std::nullopt);
    }

    void keychainOrFallbackRoundTrips()
    {
        const QString service = u"sluice-test-"_s % QUuid::createUuid().toString(QUuid::Id128);
        SecretStore store(service, path(u"fallback.ini"_s));
        QSignalSpy fellBack(&store, &SecretStore::fellBack);
        QVERIFY(writeSync(store, u"gw2"_s, u"sk-secret-2"_s));
        QCOMPARE(readSync(store, u"gw2"_s), std::optional<QString>(u"sk-secret-2"_s));
        QCOMPARE(store.usingFallback(), fellBack.count() == 1);
        QCOMPARE(QFile::exists(path(u"fallback.ini"_s)), store.usingFallback());
        bool removed = false;
        store.remove(u"gw2"_s, [&](bool ok, const QString &) { removed = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(removed, 20000);
    }

    void directoryPersistsGatewaysWithoutKeys()
    {
        QSettings settings(path(u"dir.ini"_s), QSettings::IniFormat);
        SecretStore secrets(u"sluice-test"_s, path(u"dir-keys.ini"_s), SecretStore::Mode::FileOnly);
        QString id;
        {
            GatewayDirectory directory(settings, secrets);
            QSignalSpy changed(&directory, &GatewayDirectory::changed);
            id = directory.add({{}, u"Production"_s, u"https://prod:8787"_s, false, {}},
                               u"sk-prod"_s);
            QCOMPARE(changed.count(), 1);
            QCOMPARE(directory.gateways().size(), 2);
            QCOMPARE(directory.gateways().first().name, u"Local"_s);
            QSignalSpy edited(&directory, &GatewayDirectory::gatewayEdited);
            directory.update({id, u"Prod EU"_s, u"https://prod:8787"_s, false, {}}, std::nullopt);
            QCOMPARE(edited.count(), 0); // only the name changed: no reconnect
            directory.update({id, u"Prod EU"_s, u"https://eu.prod:8787"_s, false, {}},
                             std::nullopt);
            QCOMPARE(edited.count(), 1);
            directory.setState(id, ConnectionState::AuthFailed);
            QCOMPARE(directory.gateway(id)->state, ConnectionState::AuthFailed);
        }
        settings.sync();
        QFile stored(path(u"dir.ini"_s));
        QVERIFY(stored.open(QIODevice::ReadOnly));
        const QByteArray text = stored.readAll();
        QVERIFY(text.contains("eu.prod"));
        QVERIFY(!text.contains("sk-prod"));
        GatewayDirectory reloaded(settings, secrets);
        QCOMPARE(reloaded.gateways().size(), 2);
        QCOMPARE(reloaded.gateway(id)->name, u"Prod EU"_s);
        QCOMPARE(reloaded.gateway(id)->url, u"https://eu.prod:8787"_s);
        QCOMPARE(reloaded.gateway(id)->verifyTls, false);
        QCOMPARE(readSync(secrets, id), std::optional<QString>(u"sk-prod"_s));
        QSignalSpy removed(&reloaded, &GatewayDirectory::gatewayRemoved);
        reloaded.remove(id);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(reloaded.gateways().size(), 1);
    }

    void dialogSaysWhatIsMissing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no name") << u""_s << u"https://a"_s << u"k"_s
                                 << u"Give the gateway a name."_s;
        QTest::newRow("local") << u"local"_s << u"https://a"_s << u"k"_s
                               << u"\"Local\" is the embedded engine; choose another name."_s;
        QTest::newRow("bad url")
            << u"A"_s << u"ftp://a"_s << u"k"_s
            << u"The URL must be an http:// or https:// address with a host (got \"ftp://a\")."_s;
        QTest::newRow("no key") << u"A"_s << u"https://a:8787"_s << u""_s
                                << u"Enter the API key the gateway gave you."_s;
        QTest::newRow("fine") << u"A"_s << u"https://a:8787/"_s << u"k"_s << QString();
    }
    void dialogSaysWhatIsMissing()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(QString, key);
        QFETCH(QString, problem);
        GatewayDialog dialog(std::nullopt, u"the system keychain"_s);
        QTest::keyClicks(dialog.nameEdit(), name);
        QTest::keyClicks(dialog.urlEdit(), url);
        QTest::keyClicks(dialog.keyEdit(), key);
        QCOMPARE(dialog.problem(), problem);
        QCOMPARE(dialog.okButton()->isEnabled(), problem.isEmpty());
        if (problem.isEmpty())
            QCOMPARE(dialog.entry().url, u"https://a:8787"_s);
    }

    /// Plain http:// has no certificate: the box says so instead of offering a choice that
    /// does nothing.
    void verifyTlsIsOfferedForHttpsOnly()
    {
        GatewayDialog dialog(std::nullopt, u"the system keychain"_s);
        QTest::keyClicks(dialog.urlEdit(), u"http://gw:8787"_s);
        QVERIFY(!dialog.verifyTlsBox()->isEnabled());
        QVERIFY(dialog.verifyTlsBox()->toolTip().contains(u"http://"_s));
        dialog.urlEdit()->clear();
        QTest::keyClicks(dialog.urlEdit(), u"HTTPS://gw:8787"_s);
        QVERIFY(dialog.verifyTlsBox()->isEnabled());
        QVERIFY(dialog.verifyTlsBox()->isChecked());
    }

    void editingKeepsTheKeyUnlessTyped()
    {
        GatewayEntry existing{u"x1"_s, u"Staging"_s, u"https://staging:8787"_s, true, {}};
        GatewayDialog dialog(existing, u"the system keychain"_s);
        QCOMPARE(dialog.problem(), QString());
        QCOMPARE(dialog.apiKey(), std::nullopt);
        QTest::mouseClick(dialog.verifyTlsBox(), Qt::LeftButton);
        QCOMPARE(dialog.entry().verifyTls, false);
        QCOMPARE(dialog.entry().id, u"x1"_s);
        QTest::keyClicks(dialog.keyEdit(), u"new-key"_s);
        QCOMPARE(dialog.apiKey(), std::optional<QString>(u"new-key"_s));
    }

    void pageAddsAndRemovesGateways()
    {
        QSettings settings(path(u"page.ini"_s), QSettings::IniFormat);
        SecretStore secrets(u"sluice-test"_s, path(u"page-keys.ini"_s),
                            SecretStore::Mode::FileOnly);
        GatewayDirectory directory(settings, secrets);
        GatewayListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGateways(directory.gateways());
        connect(&directory, &GatewayDirectory::changed, &model,
                [&] { model.setGateways(directory.gateways()); });
        ConnectionsPage page(directory, model);
        page.setDialogRunner([](GatewayDialog &dialog) {
            dialog.nameEdit()->setText(u"Production"_s);
            dialog.urlEdit()->setText(u"https://prod:8787"_s);
            dialog.keyEdit()->setText(u"sk-prod"_s);
            return true;
        });
        page.addGateway();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, GatewayListModel::Name).data().toString(), u"Production"_s);
        QVERIFY(page.removeButton()->isEnabled());

        page.view()->selectRow(0);
        QVERIFY(!page.removeButton()->isEnabled());
        QVERIFY(page.removeButton()->toolTip().contains(u"Local is the embedded engine"_s));

        QStringList questions;
        page.setConfirm([&](QWidget *, const QString &, const QString &q) {
            questions << q;
            return true;
        });
        page.view()->selectRow(1);
        QTest::mouseClick(page.removeButton(), Qt::LeftButton);
        QCOMPARE(questions.size(), 1);
        QVERIFY(questions.first().contains(u"https://prod:8787"_s));
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_MAIN(TestConnections)
#include "tst_connections.moc"
