#include "ForwardedHeaders.h"
#include "ProxyRequest.h"

#include <QTest>

using namespace sluice;
using namespace Qt::StringLiterals;

class TestForwardedHeaders : public QObject
{
    Q_OBJECT

    static QList<QByteArray> names(const HeaderList &headers)
    {
        QList<QByteArray> out;
        for (const auto &header : headers)
            out.append(header.first.toLower());
        return out;
    }

private slots:
    void upstreamGetsNoHopByHopNoCredentialsNoSluiceFields()
    {
        const HeaderList client{{"Host", "proxy:8787"},
                                {"Connection", "keep-alive, X-Private"},
                                {"X-Private", "per-connection"},
                                {"Keep-Alive", "timeout=5"},
                                {"TE", "trailers"},
                                {"Transfer-Encoding", "chunked"},
                                {"Upgrade", "h2c"},
                                {"Proxy-Authorization", "Basic x"},
                                {"Content-Length", "12"},
                                {"Accept-Encoding", "br"},
                                {"Expect", "100-continue"},
                                {"x-api-key", "sk-sluice-client"},
                                {"Authorization", "Bearer sk-sluice-client"},
                                {"xi-api-key", "x"},
                                {"X-Sluice-User", "alice"},
                                {"x-sluice-anything", "1"},
                                {"Content-Type", "application/json"},
                                {"anthropic-version", "2023-06-01"},
                                {"anthropic-beta", "tools"}};
        QCOMPARE(names(ForwardedHeaders::toUpstream(client, "x-api-key")),
                 (QList<QByteArray>{"content-type", "anthropic-version", "anthropic-beta"}));
    }

    void poolCredentialHeaderIsStrippedToo()
    {
        const HeaderList client{{"X-Custom-Key", "client-supplied"}, {"Accept", "*/*"}};
        QCOMPARE(names(ForwardedHeaders::toUpstream(client, "x-custom-key")),
                 (QList<QByteArray>{"accept"}));
    }

    void clientGetsNoHopByHopNoFraming()
    {
        const HeaderList upstream{{"Content-Type", "text/event-stream"},
                                  {"Content-Length", "99"},
                                  {"Content-Encoding", "gzip"},
                                  {"Transfer-Encoding", "chunked"},
                                  {"Connection", "close"},
                                  {"request-id", "req_1"},
                                  {"retry-after", "3"},
                                  {"anthropic-ratelimit-requests-remaining", "4"}};
        QCOMPARE(names(ForwardedHeaders::toClient(upstream)),
                 (QList<QByteArray>{"content-type", "request-id", "retry-after",
                                    "anthropic-ratelimit-requests-remaining"}));
    }

    void clientKey_data()
    {
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("x-api-key") << HeaderList{{"X-Api-Key", " k1 "}} << QByteArray("k1");
        QTest::newRow("bearer") << HeaderList{{"authorization", "Bearer k2"}} << QByteArray("k2");
        QTest::newRow("bearer lowercase") << HeaderList{{"Authorization", "bearer  k3"}}
                                          << QByteArray("k3");
        QTest::newRow("x-api-key first")
            << HeaderList{{"Authorization", "Bearer k5"}, {"x-api-key", "k4"}} << QByteArray("k4");
        QTest::newRow("basic is not a key") << HeaderList{{"Authorization", "Basic abc"}}
                                            << QByteArray();
        QTest::newRow("empty bearer") << HeaderList{{"Authorization", "Bearer "}} << QByteArray();
        QTest::newRow("none") << HeaderList{} << QByteArray();
    }

    void clientKey()
    {
        QFETCH(HeaderList, headers);
        QFETCH(QByteArray, key);
        QCOMPARE(ForwardedHeaders::clientKey(headers), key);
    }

    void credential()
    {
        using Pair = std::pair<QByteArray, QByteArray>;
        QCOMPARE(ForwardedHeaders::credential(u"x-api-key"_s, "k"), Pair("x-api-key", "k"));
        QCOMPARE(ForwardedHeaders::credential(u"authorization"_s, "k"),
                 Pair("authorization", "Bearer k"));
        QCOMPARE(ForwardedHeaders::credential(u"xi-api-key"_s, "k"), Pair("xi-api-key", "k"));
    }

    void proxyUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("pool");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("query");
        QTest::newRow("messages") << u"/proxy/anthropic/v1/messages"_s << true << u"anthropic"_s
                                  << QByteArray("/v1/messages") << QByteArray();
        QTest::newRow("query kept encoded") << u"/proxy/openai/v1/x?a=1&b=c%20d"_s << true
                                            << u"openai"_s << QByteArray("/v1/x")
                                            << QByteArray("a=1&b=c%20d");
        QTest::newRow("pool only") << u"/proxy/anthropic"_s << true << u"anthropic"_s
                                   << QByteArray() << QByteArray();
        QTest::newRow("no pool") << u"/proxy/"_s << false << QString() << QByteArray()
                                 << QByteArray();
        QTest::newRow("not proxy") << u"/api/status"_s << false << QString() << QByteArray()
                                   << QByteArray();
        QTest::newRow("encoded dot-dot") << u"/proxy/p/v1/%2e%2E/admin"_s << false << QString()
                                         << QByteArray() << QByteArray();
    }

    void encodedEscapesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QString>("named");  // what the error message names
        const QString dots = u"'.' or '..' segment"_s;
        const QString slash = u"encoded slash"_s;
        const QString backslash = u"backslash"_s;
        QTest::newRow("plain dot-dot") << QByteArray("/proxy/p/v1/../admin") << dots;
        QTest::newRow("plain dot") << QByteArray("/proxy/p/v1/./x") << dots;
        QTest::newRow("encoded dot-dot") << QByteArray("/proxy/p/v1/%2e%2E/admin") << dots;
        QTest::newRow("%2e%2e%2fadmin") << QByteArray("/proxy/p/%2e%2e%2fadmin") << slash;
        QTest::newRow("..%2f") << QByteArray("/proxy/p/v1/..%2fadmin") << slash;
        QTest::newRow("..%2F upper") << QByteArray("/proxy/p/v1/..%2Fadmin") << slash;
        QTest::newRow("%5c..%5c") << QByteArray("/proxy/p/v1/%5c..%5cadmin") << backslash;
        QTest::newRow("raw backslash") << QByteArray("/proxy/p/v1/\\..\\admin") << backslash;
        QTest::newRow("double-encoded dot-dot") << QByteArray("/proxy/p/v1/%252e%252e/admin") << dots;
        QTest::newRow("double-encoded slash") << QByteArray("/proxy/p/v1/a%252fb") << slash;
        QTest::newRow("triple-encoded dot-dot")
            << QByteArray("/proxy/p/v1/%25252e%25252e/admin") << dots;
        QTest::newRow("NUL") << QByteArray("/proxy/p/v1/a%00b") << u"NUL"_s;
        QTest::newRow("encoded slash alone") << QByteArray("/proxy/p/v1/a%2Fb") << slash;
        QTest::newRow("endless encoding")
            << QByteArray("/proxy/p/v1/%252525252525252e") << u"percent-encoded too many times"_s;
    }

    void encodedEscapesAreRefused()
    {
        QFETCH(QByteArray, url);
        QFETCH(QString, named);
        const Result<ProxyRequest> request =
            ProxyRequest::fromUrl("POST", QUrl::fromEncoded(url), {}, {});
        QVERIFY(!request);
        QVERIFY2(request.error().message.contains(named), qPrintable(request.error().message));
    }

    void harmlessEncodingPasses_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QByteArray>("path");
        QTest::newRow("space") << QByteArray("/proxy/p/v1/a%20b") << QByteArray("/v1/a%20b");
        QTest::newRow("dots inside a name")
            << QByteArray("/proxy/p/v1/file..name/x.y") << QByteArray("/v1/file..name/x.y");
        QTest::newRow("three dots") << QByteArray("/proxy/p/v1/...") << QByteArray("/v1/...");
        QTest::newRow("encoded percent once")
            << QByteArray("/proxy/p/v1/100%25") << QByteArray("/v1/100%25");
    }

    void harmlessEncodingPasses()
    {
        QFETCH(QByteArray, url);
        QFETCH(QByteArray, path);
        const Result<ProxyRequest> request =
            ProxyRequest::fromUrl("POST", QUrl::fromEncoded(url), {}, {});
        QVERIFY2(request, qPrintable(request.error().message));
        QCOMPARE(request->path, path);
    }

    void proxyUrls()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        QFETCH(QString, pool);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, query);
        const Result<ProxyRequest> request =
            ProxyRequest::fromUrl("POST", QUrl::fromEncoded(url.toLatin1()), {}, {});
        QCOMPARE(request.ok(), valid);
        QCOMPARE(request.error().message.isEmpty(), valid);
        if (!valid)
            return;
        QCOMPARE(request->pool, pool);
        QCOMPARE(request->path, path);
        QCOMPARE(request->query, query);
    }
};

QTEST_GUILESS_MAIN(TestForwardedHeaders)
#include "tst_forwardedheaders.moc"
