// The welcome panel (offscreen) with a fake HOME holding the usual model folders: the scan finds
// exactly the model files of each layout (Hugging Face cache, Ollama manifests, LM Studio,
// GPT4All) and nothing else, stops at its caps, and in the main window one click on a found
// model asks the engine to load it (a broken file fails, the fixture model loads and the chat
// view replaces the panel).
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/widgets/chat_view.h"
#include "gui/widgets/main_window.h"
#include "gui/widgets/welcome_panel.h"
#include "gui_test_util.h"

using namespace tramontane::gui;

namespace {

const QString kModel = gui_test::fixture(QStringLiteral("gguf_models/model-q8_0.gguf"));

bool write(const QString& path, const QByteArray& data = QByteArray("x")) {
  if (!QDir().mkpath(QFileInfo(path).absolutePath())) return false;
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

}  // namespace

class TestWelcomePanel : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void findsCandidates();
  void scanIsBounded();
  void backendIsNamed();
  void clickLoadsModel();
  void cleanupTestCase();

 private:
  QString home(const QString& rel) const { return home_.filePath(rel); }
  QTemporaryDir home_;
  QTemporaryDir data_;
  QByteArray old_home_;
};

void TestWelcomePanel::initTestCase() {
  QVERIFY(home_.isValid() && data_.isValid());
  old_home_ = qgetenv("HOME");
  qputenv("HOME", QFile::encodeName(home_.path()));
  qunsetenv("HF_HOME");
  qunsetenv("HUGGINGFACE_HUB_CACHE");
  qunsetenv("OLLAMA_MODELS");
  QCOMPARE(QDir::homePath(), QDir(home_.path()).canonicalPath().isEmpty() ? home_.path() : QDir::homePath());

  const QString hub = QStringLiteral(".cache/huggingface/hub/");
  // A complete safetensors snapshot, one without weights and a repository that is not Mistral.
  QVERIFY(write(home(hub + "models--mistralai--Mistral-7B-Instruct-v0.3/snapshots/e0bc86c/config.json")));
  QVERIFY(write(home(hub + "models--mistralai--Mistral-7B-Instruct-v0.3/snapshots/e0bc86c/model-00001-of-00003.safetensors")));
  QVERIFY(write(home(hub + "models--mistralai--Mistral-7B-Instruct-v0.3/refs/main")));
  QVERIFY(write(home(hub + "models--mistralai--Mistral-Nemo/snapshots/abc/config.json")));
  QVERIFY(write(home(hub + "models--google-bert--bert-base/snapshots/abc/config.json")));
  QVERIFY(write(home(hub + "models--google-bert--bert-base/snapshots/abc/model.safetensors")));
  // Ollama: a manifest naming its GGUF blob, and one whose blob is missing.
  const QByteArray manifest = R"({"schemaVersion":2,"layers":[
      {"mediaType":"application/vnd.ollama.image.license","digest":"sha256:1111"},
      {"mediaType":"application/vnd.ollama.image.model","digest":"sha256:abcd"}]})";
  QVERIFY(write(home(".ollama/models/manifests/registry.ollama.ai/library/mistral/7b"), manifest));
  QVERIFY(write(home(".ollama/models/blobs/sha256-abcd"), "GGUF"));
  QVERIFY(write(home(".ollama/models/manifests/registry.ollama.ai/library/gone/latest"),
                R"({"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:ffff"}]})"));
  // LM Studio (both places): .gguf files only, vision projectors left out.
  QVERIFY(write(home(".cache/lm-studio/models/TheBloke/Mistral-7B-Instruct-v0.2-GGUF/mistral-7b-instruct-v0.2.Q4_K_M.gguf"), "broken"));
  QVERIFY(write(home(".cache/lm-studio/models/TheBloke/Mistral-7B-Instruct-v0.2-GGUF/mmproj-model-f16.gguf")));
  QVERIFY(write(home(".cache/lm-studio/models/TheBloke/Mistral-7B-Instruct-v0.2-GGUF/README.md")));
  QVERIFY(write(home(".lmstudio/models/lmstudio-community/Mistral-7B/Mistral-7B-Instruct-v0.3-Q8_0.gguf")));
  // GPT4All: the fixture model (a link), so that opening it really loads.
  QVERIFY(QDir().mkpath(home(".local/share/nomic.ai/GPT4All")));
  QVERIFY(QFile::link(kModel, home(".local/share/nomic.ai/GPT4All/model-q8_0.gguf")));
  QVERIFY(write(home(".local/share/nomic.ai/GPT4All/localdocs_v2.db")));
}

void TestWelcomePanel::cleanupTestCase() { qputenv("HOME", old_home_); }

void TestWelcomePanel::findsCandidates() {
  const QList<ModelCandidate> found = WelcomePanel::findModelCandidates(home_.path());
  QStringList got;
  for (const ModelCandidate& c : found) got << c.source + QLatin1Char('|') + c.name + QLatin1Char('|') + c.path;
  const QString h = home_.path() + QLatin1Char('/');
  const QStringList expected = {
      "huggingface|mistralai/Mistral-7B-Instruct-v0.3|" + h + ".cache/huggingface/hub/models--mistralai--Mistral-7B-Instruct-v0.3/snapshots/e0bc86c",
      "ollama|mistral:7b|" + h + ".ollama/models/blobs/sha256-abcd",
      "lmstudio|TheBloke/mistral-7b-instruct-v0.2.Q4_K_M.gguf|" + h + ".cache/lm-studio/models/TheBloke/Mistral-7B-Instruct-v0.2-GGUF/mistral-7b-instruct-v0.2.Q4_K_M.gguf",
      "lmstudio|lmstudio-community/Mistral-7B-Instruct-v0.3-Q8_0.gguf|" + h + ".lmstudio/models/lmstudio-community/Mistral-7B/Mistral-7B-Instruct-v0.3-Q8_0.gguf",
      "gpt4all|model-q8_0.gguf|" + h + ".local/share/nomic.ai/GPT4All/model-q8_0.gguf",
  };
  QCOMPARE(got, expected);
  // HF_HOME moves the Hugging Face cache.
  qputenv("HF_HOME", QFile::encodeName(home(".cache/lm-studio")));
  const QList<ModelCandidate> moved = WelcomePanel::findModelCandidates(home_.path());
  qunsetenv("HF_HOME");
  QCOMPARE(moved.size(), expected.size() - 1);
  QCOMPARE(moved.first().source, QStringLiteral("ollama"));
}

void TestWelcomePanel::scanIsBounded() {
  QTemporaryDir big;
  QVERIFY(big.isValid());
  const QString folder = big.filePath(QStringLiteral(".local/share/nomic.ai/GPT4All"));
  QVERIFY(QDir().mkpath(folder));
  for (int i = 0; i < WelcomePanel::kMaxScannedEntries + 500; ++i) {
    QFile f(folder + QStringLiteral("/m%1.gguf").arg(i, 5, 10, QLatin1Char('0')));
    QVERIFY(f.open(QIODevice::WriteOnly));
  }
  QElapsedTimer timer;
  timer.start();
  const QList<ModelCandidate> found = WelcomePanel::findModelCandidates(big.path());
  QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
  QCOMPARE(found.size(), WelcomePanel::kMaxCandidates);
}

void TestWelcomePanel::backendIsNamed() {
  const QString text = WelcomePanel::backendText();
  QVERIFY2(text.startsWith(QLatin1String("CPU (")) || text.contains(QLatin1String("CUDA")), qPrintable(text));
}

void TestWelcomePanel::clickLoadsModel() {
  ChatStore store;
  const auto error = store.open(ChatStore::database_path(data_.path()));
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  {
    EngineController controller;
    MainWindow window(store, controller, data_.path());
    window.resize(900, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    WelcomePanel* welcome = window.welcomePanel();
    QVERIFY(welcome);
    QVERIFY(welcome->isVisible());
    QVERIFY(!window.chatView()->isVisible());
    QListWidget* list = welcome->candidateList();
    QCOMPARE(list->count(), 5);

    auto click = [list](int row) {
      QListWidgetItem* item = list->item(row);
      list->scrollToItem(item);
      QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
    };
    // A broken file: the controller is asked and answers with an error naming it.
    QSignalSpy failed(&controller, &EngineController::loadFailed);
    QSignalSpy loaded(&controller, &EngineController::modelLoaded);
    click(2);
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 30000);
    QVERIFY2(failed.first().at(0).toString().contains(QLatin1String("mistral-7b-instruct-v0.2.Q4_K_M.gguf")),
             qPrintable(failed.first().at(0).toString()));
    QVERIFY(welcome->isVisible());
    // The fixture model: loads, and the chat view takes the panel's place.
    click(4);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 1, 30000);
    QCOMPARE(failed.count(), 1);
    QVERIFY(controller.isLoaded());
    QVERIFY(!welcome->isVisible());
    QVERIFY(window.chatView()->isVisible());
    QCOMPARE(window.settings().recent_models().value(0),
             controller.modelInfo().path.isEmpty() ? list->item(4)->data(Qt::UserRole).toString()
                                                   : controller.modelInfo().path);
    // Unloaded again: the panel is back, offering the last model.
    QSignalSpy unloaded(&controller, &EngineController::modelUnloaded);
    controller.unloadModel();
    QTRY_VERIFY_WITH_TIMEOUT(unloaded.count() == 1, 30000);
    QVERIFY(welcome->isVisible());
    auto* last = welcome->findChild<QPushButton*>(QStringLiteral("welcomeOpenLast"));
    QVERIFY(last && last->isVisible());
    window.close();
  }
  QVERIFY(!store.close());
}

QTEST_MAIN(TestWelcomePanel)
#include "test_welcome_panel.moc"
