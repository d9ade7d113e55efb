// TLS to a remote server: HTTPS through Qt Network with the system's trust store
// (QSslConfiguration::defaultConfiguration). A test server (QSslServer) presents a certificate
// for 127.0.0.1 signed by a test CA (tests/fixtures/remote/tls, tools/make_tls_fixtures.sh):
//   - untrusted CA: the connection is refused with a message that names TLS, and no request
//     (so no API key) reaches the server;
//   - the CA trusted: the model list and a streamed chat work over HTTPS, the key is sent;
//   - the CA trusted but the wrong name (https://localhost for a 127.0.0.1 certificate): refused.
#include <QFile>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QTest>

#include "gui/core/remote_backend.h"
#include "tests/gui/fake_http_server.h"

using namespace tramontane::gui;
using tramontane::test::FakeHttpServer;
using tramontane::test::HttpRequest;
using tramontane::test::HttpResponse;

namespace {

const QString kDir = QStringLiteral(TRAMONTANE_FIXTURES "/remote/tls/");

QByteArray read(const QString& name) {
  QFile f(kDir + name);
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(f.fileName()));
  return f.readAll();
}

QSslConfiguration server_tls() {
  QSslConfiguration c = QSslConfiguration::defaultConfiguration();
  c.setLocalCertificate(QSslCertificate(read(QStringLiteral("server.pem")), QSsl::Pem));
  c.setPrivateKey(QSslKey(read(QStringLiteral("server.key")), QSsl::Rsa, QSsl::Pem));
  c.setPeerVerifyMode(QSslSocket::VerifyNone);  // the server does not ask for a client certificate
  return c;
}

HttpResponse answer(const HttpRequest& r) {
  if (r.path == "/v1/models") return HttpResponse::json(200, R"({"data":[{"id":"tls-model","owned_by":"test"}]})");
  if (r.path == "/v1/chat/completions")
    return HttpResponse::sse({{0, "data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n"},
                              {0, "data: {\"choices\":[{\"delta\":{\"content\":\" there\"},\"finish_reason\":\"stop\"}]}\n\n"},
                              {0, "data: [DONE]\n\n"}});
  return HttpResponse::json(404, R"({"error":{"message":"no such path"}})");
}

// Trusts the test CA for the lifetime of the object (the process-wide default configuration,
// which every new request copies).
class TrustTestCa {
 public:
  TrustTestCa() : saved_(QSslConfiguration::defaultConfiguration()) {
    QSslConfiguration c = saved_;
    c.addCaCertificates(QSslCertificate::fromData(read(QStringLiteral("ca.pem")), QSsl::Pem));
    QSslConfiguration::setDefaultConfiguration(c);
  }
  ~TrustTestCa() { QSslConfiguration::setDefaultConfiguration(saved_); }

 private:
  QSslConfiguration saved_;
};

}  // namespace

class TestRemoteTls : public QObject {
  Q_OBJECT

  // connected -> "", failed -> the message.
  static QString connect_to(RemoteBackend& b, const QString& url) {
    RemoteConfig c;
    c.base_url = QUrl(url);
    c.api_key = QStringLiteral("secret-key");
    c.idle_timeout_ms = 10000;
    QSignalSpy ok(&b, &RemoteBackend::connected);
    QSignalSpy bad(&b, &RemoteBackend::connectFailed);
    b.connectTo(c);
    if (!QTest::qWaitFor([&] { return ok.count() + bad.count() > 0; }, 20000)) return QStringLiteral("no answer in 20 s");
    return bad.count() ? bad.first().first().toString() : QString();
  }

 private slots:
  void initTestCase() {
    if (!QSslSocket::supportsSsl()) QFAIL("Qt Network has no TLS backend here (the openssl plugin is missing)");
    const QSslCertificate cert(read(QStringLiteral("server.pem")), QSsl::Pem);
    QVERIFY(!cert.isNull());
    QVERIFY(cert.expiryDate() > QDateTime::currentDateTime());
  }

  void untrustedCertificateIsRefused() {
    FakeHttpServer server(answer, server_tls());
    QVERIFY(server.url().startsWith(QStringLiteral("https://")));
    RemoteBackend b;
    const QString msg = connect_to(b, server.url() + QStringLiteral("/v1"));
    qInfo("untrusted: %s", qPrintable(msg));
    QVERIFY2(msg.contains(QStringLiteral("TLS")), qPrintable(msg));
    QVERIFY2(msg.contains(QStringLiteral("127.0.0.1")), qPrintable(msg));
    QVERIFY(!b.isConnected());
    QVERIFY(server.requests().isEmpty());  // nothing, so no key, went over the refused connection
  }

  void trustedCaWorks() {
    TrustTestCa trust;
    FakeHttpServer server(answer, server_tls());
    RemoteBackend b;
    const QString msg = connect_to(b, server.url() + QStringLiteral("/v1"));
    QVERIFY2(msg.isEmpty(), qPrintable(msg));
    QCOMPARE(b.modelInfo().name, QStringLiteral("tls-model"));
    ChatRequest r;
    r.turns = {ChatTurn{Role::User, QStringLiteral("Hi")}};
    r.sampling.temperature = 0;
    QSignalSpy done(&b, &RemoteBackend::finished);
    QSignalSpy failed(&b, &RemoteBackend::failed);
    QString err;
    QVERIFY2(b.generate(r, &err), qPrintable(err));
    QVERIFY(QTest::qWaitFor([&] { return done.count() + failed.count() > 0; }, 20000));
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QCOMPARE(done.first().first().value<GenerationResult>().text, QStringLiteral("Hello there"));
    QVERIFY(!server.requests().isEmpty());
    for (const HttpRequest& req : server.requests())
      QCOMPARE(req.headers.value("authorization"), QByteArray("Bearer secret-key"));
  }

  void wrongHostNameIsRefused() {
    TrustTestCa trust;
    FakeHttpServer server(answer, server_tls());
    QString url = server.url() + QStringLiteral("/v1");
    url.replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost"));
    RemoteBackend b;
    const QString msg = connect_to(b, url);
    qInfo("wrong name: %s", qPrintable(msg));
    QVERIFY2(msg.contains(QStringLiteral("TLS")), qPrintable(msg));
    QVERIFY(server.requests().isEmpty());
  }
};

QTEST_MAIN(TestRemoteTls)
#include "test_remote_tls.moc"
