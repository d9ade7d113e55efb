// The user-facing side of a remote server (File > Connect to a server…): the RemoteDialog's
// config() follows its fields, the connection settings round-trip through AppSettings and the API
// key is never written to settings.ini, "Fetch models" lists a server's base models (and shows an
// error inline when nothing answers), and once MainWindow is connected the status bar names the
// server, the moderation controllers use it and the KV visualizer explains why it has nothing to
// show -- until a local model is loaded again. The server is a tiny fake inside the test
// (QTcpServer answering GET /v1/models and GET /lora-adapters as llama.cpp's server does).
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <memory>

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/moderation_worker.h"
#include "gui/core/remote_backend.h"
#include "gui/core/remote_secrets.h"
#include "gui/core/remote_api.h"
#include "gui/widgets/adapter_manager.h"
#include "gui/widgets/app_settings.h"
#include "gui/widgets/chat_flow.h"
#include "gui/widgets/kv_visualizer.h"
#include "gui/widgets/main_window.h"
#include "gui/widgets/moderation_panel.h"
#include "gui/widgets/remote_dialog.h"
#include "gui/widgets/status_panel.h"
#include "gui_test_util.h"

using namespace tramontane::gui;

namespace {

const QString kModel = gui_test::fixture(QStringLiteral("gguf_models/model-q8_0.gguf"));
const QString kKey = QStringLiteral("sk-test-9f2c4e1b7a");

// Answers GET /v1/models and GET /lora-adapters like llama.cpp's server; 404 otherwise. Keeps
// every request's head (request line and headers).
class FakeServer : public QObject {
 public:
  FakeServer() {
    connect(&server_, &QTcpServer::newConnection, this, [this] {
      while (QTcpSocket* s = server_.nextPendingConnection()) {
        connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
      }
    });
  }
  bool listen() { return server_.listen(QHostAddress::LocalHost); }
  QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(server_.serverPort()); }
  QList<QByteArray> heads;

 private:
  void onData(QTcpSocket* s) {
    QByteArray& buf = buffers_[s];
    buf += s->readAll();
    const int end = buf.indexOf("\r\n\r\n");
    if (end < 0) return;
    const QByteArray head = buf.left(end);
    buffers_.remove(s);
    heads.append(head);
    const QList<QByteArray> request = head.split('\n').value(0).trimmed().split(' ');
    const QByteArray path = request.value(1);
    QByteArray status = "200 OK", body;
    if (path == "/v1/models") {
      body = R"({"object":"list","data":[{"id":"m","object":"model","owned_by":"llamacpp"}]})";
    } else if (path == "/lora-adapters") {
      body = R"([{"id":0,"path":"/srv/loras/style-r8.gguf","scale":1.0}])";
    } else {
      status = "404 Not Found";
      body = R"({"error":{"message":"not found"}})";
    }
    s->write("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " +
             QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    s->disconnectFromHost();
  }
  QTcpServer server_;
  QHash<QTcpSocket*, QByteArray> buffers_;
};

// <data dir>'s settings.ini (beside the history database).
QString find_settings_ini(const QString& dir) {
  QDirIterator it(dir, {QStringLiteral("settings.ini")}, QDir::Files, QDirIterator::Subdirectories);
  return it.hasNext() ? it.next() : QString();
}

}  // namespace

class TestRemoteDialog : public QObject {
  Q_OBJECT

 private slots:
  // No test touches a real keychain: without a session bus (as on CI) no keychain service can
  // answer, whatever the machine running the tests has.
  void initTestCase() { qunsetenv("DBUS_SESSION_BUS_ADDRESS"); }
  void configReflectsFields();
  void keychainUnavailableDisablesRemember();
  void settingsRoundTrip();
  void fetchModelsFillsCombo();
  void fetchModelsShowsError();
  void connectThroughWindow();
  void keyStoreEntryName();
  void keyStoreWithoutSessionBus();
};

void TestRemoteDialog::configReflectsFields() {
  RemoteSettings initial;
  initial.base_url = QStringLiteral("http://10.0.0.5:8000/v1");
  initial.model = QStringLiteral("mistral-7b");
  initial.timeout_seconds = 30;
  initial.max_in_flight = 8;
  initial.max_retries = 2;
  RemoteDialog dialog(initial, {QStringLiteral("http://10.0.0.5:8000/v1"), QStringLiteral("http://other:9000")});
  dialog.setKeychainAvailable(true);
  RemoteConfig c = dialog.config();
  QCOMPARE(c.base_url, QUrl(QStringLiteral("http://10.0.0.5:8000/v1")));
  QCOMPARE(c.model, QStringLiteral("mistral-7b"));
  QCOMPARE(c.idle_timeout_ms, 30000);
  QCOMPARE(c.max_in_flight, 8);
  QCOMPARE(c.max_retries, 2);
  QCOMPARE(c.prompt_format, PromptFormat::Server);
  QVERIFY(c.api_key.isEmpty());
  // The prompt formats, in order, each with its endpoint in its text.
  QComboBox* formats = dialog.promptFormatCombo();
  QCOMPARE(formats->count(), 4);
  QCOMPARE(formats->currentData().toString(), QStringLiteral("server"));
  QCOMPARE(formats->itemText(0), QStringLiteral("Server's chat template (/v1/chat/completions)"));
  QCOMPARE(formats->itemText(1), QStringLiteral("Mistral v1 [INST] (/v1/completions)"));
  QCOMPARE(formats->itemText(2), QStringLiteral("Mistral v3 (/v1/completions)"));
  QCOMPARE(formats->itemText(3), QStringLiteral("ChatML (/v1/completions)"));
  QVERIFY(formats->toolTip().contains(QStringLiteral("control tokens")));
  QCOMPARE(dialog.urlCombo()->count(), 2);
  QCOMPARE(dialog.urlCombo()->lineEdit()->placeholderText(), QStringLiteral("http://127.0.0.1:8080"));
  QCOMPARE(dialog.keyEdit()->echoMode(), QLineEdit::Password);
  QCOMPARE(dialog.connectButton()->text(), QStringLiteral("Connect"));

  // Typed fields; a URL without a scheme is http.
  dialog.urlCombo()->setCurrentText(QStringLiteral("  127.0.0.1:8080 "));
  dialog.keyEdit()->setText(kKey);
  dialog.modelCombo()->setCurrentText(QStringLiteral("other-model"));
  dialog.timeoutBox()->setValue(99999);   // clamped to the range
  dialog.inFlightBox()->setValue(0);
  dialog.retriesBox()->setValue(10);
  dialog.rememberBox()->setChecked(true);
  formats->setCurrentIndex(3);
  c = dialog.config();
  QCOMPARE(c.prompt_format, PromptFormat::ChatML);
  QCOMPARE(c.base_url, QUrl(QStringLiteral("http://127.0.0.1:8080")));
  QCOMPARE(c.api_key, kKey);
  QCOMPARE(c.model, QStringLiteral("other-model"));
  QCOMPARE(c.idle_timeout_ms, 3600 * 1000);
  QCOMPARE(c.max_in_flight, 1);
  QCOMPARE(c.max_retries, 10);
  QVERIFY(dialog.rememberKey());
  const RemoteSettings s = dialog.settings();
  QCOMPARE(s.base_url, QStringLiteral("http://127.0.0.1:8080"));
  QCOMPARE(s.timeout_seconds, 3600);
  QVERIFY(s.remember_key);
  QCOMPARE(s.prompt_format, QStringLiteral("chatml"));
  // A stored format selects its item.
  RemoteSettings v3 = initial;
  v3.prompt_format = QStringLiteral("v3");
  QCOMPARE(RemoteDialog(v3, {}).config().prompt_format, PromptFormat::MistralV3);

  // Defaults.
  RemoteDialog fresh(RemoteSettings{}, {});
  QCOMPARE(fresh.timeoutBox()->value(), 120);
  QCOMPARE(fresh.inFlightBox()->value(), 4);
  QCOMPARE(fresh.retriesBox()->value(), 3);
  QCOMPARE(fresh.timeoutBox()->minimum(), 5);
  QCOMPARE(fresh.inFlightBox()->maximum(), 64);
  QCOMPARE(fresh.retriesBox()->maximum(), 10);

  // An address that is no server is refused inline; the dialog stays open.
  fresh.show();
  fresh.urlCombo()->setCurrentText(QStringLiteral("ftp://example.org"));
  fresh.accept();
  QVERIFY(fresh.isVisible());
  QVERIFY(!fresh.errorText().isEmpty());
}

void TestRemoteDialog::keychainUnavailableDisablesRemember() {
  RemoteSettings initial;
  initial.remember_key = true;
  RemoteDialog dialog(initial, {});
  QVERIFY(dialog.rememberBox()->isChecked());
  dialog.setKeychainAvailable(false, QStringLiteral("no Secret Service"));
  QVERIFY(!dialog.rememberBox()->isEnabled());
  QVERIFY(!dialog.rememberBox()->isChecked());
  QVERIFY(!dialog.rememberKey());
  QVERIFY(dialog.rememberBox()->toolTip().contains(QStringLiteral("no Secret Service")));
  QVERIFY(!dialog.settings().remember_key);
}

void TestRemoteDialog::settingsRoundTrip() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  RemoteSettings r;
  r.base_url = QStringLiteral("https://gpu-box.example:8443/v1");
  r.model = QStringLiteral("mistralai/Mistral-7B-Instruct-v0.3");
  r.timeout_seconds = 600;
  r.max_in_flight = 16;
  r.max_retries = 0;
  r.remember_key = true;
  r.prompt_format = QStringLiteral("v1");
  {
    AppSettings settings(dir.path());
    QCOMPARE(settings.remote().prompt_format, QStringLiteral("server"));
    QCOMPARE(settings.remote().timeout_seconds, 120);   // defaults before anything is stored
    QCOMPARE(settings.remote().max_in_flight, 4);
    QCOMPARE(settings.remote().max_retries, 3);
    QVERIFY(!settings.remote().remember_key);
    settings.set_remote(r);
    for (int i = 0; i < AppSettings::kMaxRecentServers + 2; ++i)
      settings.add_recent_server(QStringLiteral("http://host%1:8080").arg(i));
    settings.add_recent_server(r.base_url);
    settings.add_recent_server(r.base_url);   // no duplicate
    settings.sync();
  }
  AppSettings again(dir.path());
  const RemoteSettings back = again.remote();
  QCOMPARE(back.base_url, r.base_url);
  QCOMPARE(back.model, r.model);
  QCOMPARE(back.timeout_seconds, 600);
  QCOMPARE(back.max_in_flight, 16);
  QCOMPARE(back.max_retries, 0);
  QVERIFY(back.remember_key);
  QCOMPARE(back.prompt_format, QStringLiteral("v1"));
  const QStringList recent = again.recent_servers();
  QCOMPARE(recent.size(), AppSettings::kMaxRecentServers);
  QCOMPARE(recent.first(), r.base_url);
  QCOMPARE(recent.count(r.base_url), 1);
  again.remove_recent_server(r.base_url);
  QVERIFY(!again.recent_servers().contains(r.base_url));

  // A dialog's settings (with a key typed) saved the way MainWindow saves them: no key in the file.
  RemoteDialog dialog(back, recent);
  dialog.keyEdit()->setText(kKey);
  again.set_remote(dialog.settings());
  again.sync();
  const QString ini = find_settings_ini(dir.path());
  QVERIFY(!ini.isEmpty());
  const QByteArray text = gui_test::read_file(ini);
  QVERIFY(text.contains("gpu-box.example"));
  QVERIFY(!text.contains(kKey.toUtf8()));
  QVERIFY(text.contains("prompt_format=v1"));
  // An unknown stored format (a newer version's, a hand edit) reads as the default.
  {
    QSettings raw(ini, QSettings::IniFormat);
    raw.setValue(QStringLiteral("remote/prompt_format"), QStringLiteral("v99"));
  }
  QCOMPARE(AppSettings(dir.path()).remote().prompt_format, QStringLiteral("server"));
}

void TestRemoteDialog::fetchModelsFillsCombo() {
  FakeServer server;
  QVERIFY(server.listen());
  RemoteDialog dialog(RemoteSettings{}, {});
  dialog.urlCombo()->setCurrentText(server.url() + QStringLiteral("/v1"));
  dialog.keyEdit()->setText(kKey);
  QSignalSpy fetched(&dialog, &RemoteDialog::modelsFetched);
  dialog.fetchModels();
  QVERIFY(dialog.fetching());
  QVERIFY(!dialog.fetchButton()->isEnabled());   // busy
  QTRY_COMPARE_WITH_TIMEOUT(fetched.count(), 1, 10000);
  QVERIFY(!dialog.fetching());
  QVERIFY(dialog.fetchButton()->isEnabled());
  QCOMPARE(dialog.fetchedModels(), QStringList{QStringLiteral("m")});
  QCOMPARE(dialog.modelCombo()->count(), 1);
  QCOMPARE(dialog.modelCombo()->currentText(), QStringLiteral("m"));
  QCOMPARE(dialog.config().model, QStringLiteral("m"));
  // The key went as a bearer token.
  QVERIFY(!server.heads.isEmpty());
  QVERIFY(server.heads.first().startsWith("GET /v1/models "));
  QVERIFY(server.heads.first().contains("Bearer " + kKey.toUtf8()));
}

void TestRemoteDialog::fetchModelsShowsError() {
  // A port nothing listens on: a free port, closed again.
  quint16 port = 0;
  {
    QTcpServer s;
    QVERIFY(s.listen(QHostAddress::LocalHost));
    port = s.serverPort();
  }
  RemoteDialog dialog(RemoteSettings{}, {});
  dialog.show();
  dialog.urlCombo()->setCurrentText(QStringLiteral("http://127.0.0.1:%1").arg(port));
  QSignalSpy failed(&dialog, &RemoteDialog::fetchFailed);
  dialog.fetchModels();
  QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
  QVERIFY(!dialog.fetching());
  QVERIFY(!dialog.errorText().isEmpty());
  QCOMPARE(dialog.modelCombo()->count(), 0);

  // Not an address at all: said at once, nothing sent.
  dialog.urlCombo()->setCurrentText(QStringLiteral("ftp://nowhere"));
  dialog.fetchModels();
  QVERIFY(!dialog.fetching());
  QVERIFY(dialog.errorText().contains(QStringLiteral("ftp://nowhere")));
}

void TestRemoteDialog::connectThroughWindow() {
  FakeServer server;
  QVERIFY(server.listen());
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  ChatStore store;
  const auto error = store.open(ChatStore::database_path(dir.path()));
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  EngineController controller;
  MainWindow window(store, controller, dir.path());
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(window.connectAction());

  // The visualizer and the moderation panel opened before connecting.
  const QList<QAction*> actions = window.findChildren<QAction*>();
  auto action = [&](const QString& name) -> QAction* {
    for (QAction* a : actions)
      if (a->objectName() == name) return a;
    return nullptr;
  };
  QVERIFY(action(QStringLiteral("visualizerAction")));
  action(QStringLiteral("moderationAction"))->trigger();
  QVERIFY(window.moderationPanel());
  QVERIFY(!window.moderationPanel()->controller()->isRemote());

  // Nothing answering: the load indicator's flow, then a readable error box.
  {
    quint16 port = 0;
    {
      QTcpServer s;
      QVERIFY(s.listen(QHostAddress::LocalHost));
      port = s.serverPort();
    }
    RemoteConfig dead;
    dead.base_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    QSignalSpy failed_dead(&controller, &EngineController::loadFailed);
    window.connectToServer(dead);
    QVERIFY(controller.busy());
    QVERIFY(!window.connectAction()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(failed_dead.count(), 1, 15000);
    QVERIFY(!controller.isRemote());
    QVERIFY(window.connectAction()->isEnabled());
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = window.findChild<QMessageBox*>(QStringLiteral("errorBox"))) != nullptr);
    QCOMPARE(box->windowTitle(), QStringLiteral("Could not connect to the server"));
    QVERIFY(box->text().contains(QString::number(port)));
    box->close();
    QTest::qWait(0);
  }

  // File > Connect to a server…, filled and accepted as a user would (remember unchecked, so the
  // test never writes to a real keychain).
  QSignalSpy loaded(&controller, &EngineController::modelLoaded);
  QSignalSpy failed(&controller, &EngineController::loadFailed);
  QTimer::singleShot(0, &window, [&] {
    auto* dialog = window.findChild<RemoteDialog*>();
    QVERIFY(dialog);
    dialog->urlCombo()->setCurrentText(server.url());
    dialog->keyEdit()->setText(kKey);
    dialog->rememberBox()->setChecked(false);
    dialog->modelCombo()->setCurrentText(QStringLiteral("m"));
    dialog->connectButton()->click();
  });
  window.connectAction()->trigger();
  QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, 15000);
  QCOMPARE(failed.count(), 0);
  QVERIFY(controller.isRemote());
  QCOMPARE(controller.modelInfo().backend, QStringLiteral("remote"));
  QVERIFY(window.statusPanel()->backendText().contains(server.url()));
  QCOMPARE(window.statusPanel()->modelText(), QStringLiteral("m"));
  // Every request carried the key; the settings were saved without it.
  bool saw_adapters = false;
  for (const QByteArray& head : server.heads) {
    QVERIFY(head.contains("Bearer " + kKey.toUtf8()));
    saw_adapters |= head.startsWith("GET /lora-adapters ");
  }
  QVERIFY(saw_adapters);
  QCOMPARE(window.settings().remote().base_url, server.url());
  QCOMPARE(window.settings().recent_servers().value(0), server.url());
  QVERIFY(window.settings().recent_models().isEmpty());   // a server is not a model file
  window.settings().sync();
  const QByteArray ini = gui_test::read_file(find_settings_ini(dir.path()));
  QVERIFY(ini.contains("127.0.0.1"));
  QVERIFY(!ini.contains(kKey.toUtf8()));

  // The adapter manager lists the server's adapter, usable by the model.
  action(QStringLiteral("adaptersAction"))->trigger();
  AdapterManager* adapters = window.adapterManager();
  QVERIFY(adapters);
  QCOMPARE(adapters->adapters().size(), 1);
  const QString key = adapters->adapters().first();
  QVERIFY(is_remote_adapter_path(key));
  QTRY_VERIFY_WITH_TIMEOUT(adapters->info(key).compatible, 5000);
  QCOMPARE(adapters->table()->item(0, AdapterManager::ColName)->text(), QStringLiteral("style-r8.gguf"));

  // Moderation goes to the server.
  QVERIFY(window.moderationPanel()->controller()->isRemote());

  // The visualizer explains itself instead of showing an empty view.
  action(QStringLiteral("visualizerAction"))->trigger();
  KvVisualizer* viz = window.visualizer();
  QVERIFY(viz);
  QVERIFY(viz->isVisible());
  QVERIFY(viz->remoteNoteShown());
  QCOMPARE(viz->subscription(), 0);
  auto* note = viz->findChild<QLabel*>(QStringLiteral("kvRemoteNote"));
  QVERIFY(note && note->isVisible());
  QCOMPARE(note->text(), KvVisualizer::remoteNote());

  // A local model again: the view returns, moderation is local again.
  QSignalSpy loaded2(&controller, &EngineController::modelLoaded);
  QSignalSpy failed2(&controller, &EngineController::loadFailed);
  window.openModel(kModel);
  QTRY_VERIFY_WITH_TIMEOUT(loaded2.count() + failed2.count() > 0, 30000);
  QCOMPARE(failed2.count(), 0);
  QVERIFY(!controller.isRemote());
  QVERIFY(!viz->remoteNoteShown());
  QVERIFY(viz->subscription() != 0);
  QVERIFY(!window.moderationPanel()->controller()->isRemote());
  QVERIFY(!window.statusPanel()->backendText().contains(server.url()));
  window.close();
}

void TestRemoteDialog::keyStoreEntryName() {
  // One entry per server, however its address was typed.
  QCOMPARE(ApiKeyStore::entryName(QStringLiteral("http://10.0.0.5:8000/v1")), QStringLiteral("http://10.0.0.5:8000"));
  QCOMPARE(ApiKeyStore::entryName(QStringLiteral("http://10.0.0.5:8000/")), QStringLiteral("http://10.0.0.5:8000"));
  QCOMPARE(ApiKeyStore::entryName(QStringLiteral("http://10.0.0.5:8000")), QStringLiteral("http://10.0.0.5:8000"));
}

void TestRemoteDialog::keyStoreWithoutSessionBus() {
  // Where no keychain service can answer (no D-Bus session bus, as in CI), reading a key answers
  // with an error saying the key is kept for this session only, and the store says so from then on.
  // initTestCase removed the session bus address, so this holds on any machine.
  ApiKeyStore keys;
  QSignalSpy read(&keys, &ApiKeyStore::keyRead);
  keys.readKey(QStringLiteral("http://127.0.0.1:9/v1"));
  QTRY_COMPARE_WITH_TIMEOUT(read.count(), 1, 30000);
  QCOMPARE(read.first().at(0).toString(), QStringLiteral("http://127.0.0.1:9/v1"));
  QVERIFY(read.first().at(1).toString().isEmpty());
  QVERIFY(!read.first().at(2).toString().isEmpty());
  QVERIFY(!keys.keychainAvailable());
  QSignalSpy written(&keys, &ApiKeyStore::keyWritten);
  keys.writeKey(QStringLiteral("http://127.0.0.1:9"), kKey);
  QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 5000);
  QVERIFY(!written.first().at(1).toString().isEmpty());
}

QTEST_MAIN(TestRemoteDialog)
#include "test_remote_dialog.moc"
