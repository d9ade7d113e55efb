#include "gui/widgets/welcome_panel.h"

#include <QDir>
#include <QDirIterator>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "engine/backend/cpu/matmul.h"
#include "gui/widgets/app_settings.h"
#ifdef TRAMONTANE_HAVE_CUDA
#include "kernels/api.h"
#endif

namespace tramontane::gui {

namespace {

constexpr qint64 kMaxManifestBytes = 256 * 1024;

// A bounded directory reader: every entry looked at costs one unit of the shared budget, so the
// whole scan reads at most WelcomePanel::kMaxScannedEntries entries however big the folders are.
struct Scan {
  int budget = WelcomePanel::kMaxScannedEntries;
  QList<ModelCandidate> found;

  bool done() const { return budget <= 0 || found.size() >= WelcomePanel::kMaxCandidates; }

  // The entries of `dir` (not recursive), sorted by name; `filters` as QDir's.
  QFileInfoList entries(const QString& dir, QDir::Filters filters) {
    QFileInfoList out;
    if (done()) return out;
    QDirIterator it(dir, filters | QDir::NoDotAndDotDot);
    while (it.hasNext() && budget > 0) {
      it.next();
      --budget;
      out.append(it.fileInfo());
    }
    std::sort(out.begin(), out.end(),
              [](const QFileInfo& a, const QFileInfo& b) { return a.fileName() < b.fileName(); });
    return out;
  }

  void add(const QString& path, const QString& name, const QString& source) {
    if (found.size() < WelcomePanel::kMaxCandidates) found.append({path, name, source});
  }
};

bool is_gguf_name(const QString& name) {
  return name.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive) &&
         !name.startsWith(QLatin1String("mmproj"), Qt::CaseInsensitive);   // vision projectors
}

// Hugging Face hub cache: <hub>/models--<org>--<name>/snapshots/<revision>/ holding config.json
// with *.safetensors (the folder is the model), or *.gguf files (each is one).
void scan_huggingface(Scan& scan, const QString& hub) {
  for (const QFileInfo& repo : scan.entries(hub, QDir::Dirs)) {
    const QString dir_name = repo.fileName();
    if (!dir_name.startsWith(QLatin1String("models--")) || !dir_name.contains(QLatin1String("mistral"), Qt::CaseInsensitive))
      continue;
    const QString repo_name = dir_name.mid(8).replace(QLatin1String("--"), QLatin1String("/"));
    const QFileInfoList snapshots = scan.entries(repo.filePath() + QStringLiteral("/snapshots"), QDir::Dirs);
    for (const QFileInfo& snap : snapshots) {
      const QString name = snapshots.size() > 1 ? QStringLiteral("%1 (%2)").arg(repo_name, snap.fileName().left(7))
                                                : repo_name;
      bool config = false, safetensors = false;
      QStringList ggufs;
      for (const QFileInfo& f : scan.entries(snap.filePath(), QDir::Files)) {
        const QString n = f.fileName();
        if (n == QLatin1String("config.json")) config = true;
        else if (n.endsWith(QLatin1String(".safetensors"))) safetensors = true;
        else if (is_gguf_name(n)) ggufs.append(f.filePath());
      }
      if (config && safetensors) scan.add(snap.filePath(), name, QStringLiteral("huggingface"));
      for (const QString& g : ggufs) scan.add(g, name + QLatin1Char('/') + QFileInfo(g).fileName(), QStringLiteral("huggingface"));
    }
  }
}

// Ollama: <models>/manifests/<registry>/<namespace>/<model>/<tag> are small JSON files whose
// layer of mediaType application/vnd.ollama.image.model names the GGUF blob
// <models>/blobs/sha256-<hex>.
void scan_ollama(Scan& scan, const QString& models) {
  const QString manifests = models + QStringLiteral("/manifests");
  for (const QFileInfo& registry : scan.entries(manifests, QDir::Dirs)) {
    for (const QFileInfo& ns : scan.entries(registry.filePath(), QDir::Dirs)) {
      for (const QFileInfo& model : scan.entries(ns.filePath(), QDir::Dirs)) {
        for (const QFileInfo& tag : scan.entries(model.filePath(), QDir::Files)) {
          if (scan.done()) return;
          if (tag.size() > kMaxManifestBytes) continue;
          QFile file(tag.filePath());
          if (!file.open(QIODevice::ReadOnly)) continue;
          const QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
          QString blob;
          for (const QJsonValue& layer : manifest.value(QStringLiteral("layers")).toArray()) {
            const QJsonObject l = layer.toObject();
            if (l.value(QStringLiteral("mediaType")).toString() != QLatin1String("application/vnd.ollama.image.model"))
              continue;
            const QString digest = l.value(QStringLiteral("digest")).toString();   // "sha256:<hex>"
            if (!digest.isEmpty()) blob = models + QStringLiteral("/blobs/") + QString(digest).replace(QLatin1Char(':'), QLatin1Char('-'));
          }
          if (blob.isEmpty() || !QFileInfo(blob).isFile()) continue;
          QString name = model.fileName() + QLatin1Char(':') + tag.fileName();
          if (ns.fileName() != QLatin1String("library")) name = ns.fileName() + QLatin1Char('/') + name;
          if (registry.fileName() != QLatin1String("registry.ollama.ai")) name = registry.fileName() + QLatin1Char('/') + name;
          scan.add(blob, name, QStringLiteral("ollama"));
        }
      }
    }
  }
}

// LM Studio: <models>/<publisher>/<repository>/*.gguf.
void scan_lmstudio(Scan& scan, const QString& models) {
  for (const QFileInfo& publisher : scan.entries(models, QDir::Dirs)) {
    for (const QFileInfo& repo : scan.entries(publisher.filePath(), QDir::Dirs)) {
      for (const QFileInfo& f : scan.entries(repo.filePath(), QDir::Files)) {
        if (is_gguf_name(f.fileName()))
          scan.add(f.filePath(), publisher.fileName() + QLatin1Char('/') + f.fileName(), QStringLiteral("lmstudio"));
      }
    }
  }
}

// GPT4All: <folder>/*.gguf.
void scan_gpt4all(Scan& scan, const QString& folder) {
  for (const QFileInfo& f : scan.entries(folder, QDir::Files)) {
    if (is_gguf_name(f.fileName())) scan.add(f.filePath(), f.fileName(), QStringLiteral("gpt4all"));
  }
}

QString env_dir(const char* name) {
  const QString v = qEnvironmentVariable(name);
  return v.isEmpty() ? QString() : QDir::cleanPath(v);
}

QString source_text(const QString& source) {
  if (source == QLatin1String("huggingface")) return WelcomePanel::tr("Hugging Face cache");
  if (source == QLatin1String("ollama")) return WelcomePanel::tr("Ollama");
  if (source == QLatin1String("lmstudio")) return WelcomePanel::tr("LM Studio");
  if (source == QLatin1String("gpt4all")) return WelcomePanel::tr("GPT4All");
  return source;
}

#ifdef TRAMONTANE_HAVE_CUDA
QString gib(size_t bytes) { return QString::number(double(bytes) / double(1ull << 30), 'f', 1); }
#endif

}  // namespace

QList<ModelCandidate> WelcomePanel::findModelCandidates(const QString& home) {
  Scan scan;
  QString hub = env_dir("HUGGINGFACE_HUB_CACHE");
  if (hub.isEmpty() && !env_dir("HF_HOME").isEmpty()) hub = env_dir("HF_HOME") + QStringLiteral("/hub");
  if (hub.isEmpty()) hub = home + QStringLiteral("/.cache/huggingface/hub");
  scan_huggingface(scan, hub);
  const QString ollama = env_dir("OLLAMA_MODELS");
  scan_ollama(scan, ollama.isEmpty() ? home + QStringLiteral("/.ollama/models") : ollama);
  scan_lmstudio(scan, home + QStringLiteral("/.cache/lm-studio/models"));
  scan_lmstudio(scan, home + QStringLiteral("/.lmstudio/models"));
  scan_gpt4all(scan, home + QStringLiteral("/.local/share/nomic.ai/GPT4All"));
  return scan.found;
}

QString WelcomePanel::backendText() {
#ifdef TRAMONTANE_HAVE_CUDA
  if (kernels::device_count() > 0) {
    kernels::DeviceInfo d{};
    if (kernels::device_info(0, &d) == 0) {
      return tr("%1 (CUDA, %2 GiB free of %3 GiB)")
          .arg(QString::fromUtf8(d.name), gib(d.free_bytes), gib(d.total_bytes));
    }
  }
#endif
  const QString simd = QString::fromLatin1(cpu::simd_name());
  const QString isa = simd == QLatin1String("avx512vnni") ? QStringLiteral("AVX-512")
                      : simd == QLatin1String("avx2")     ? QStringLiteral("AVX2")
                                                          : tr("no SIMD");
  return tr("CPU (%1 threads, %2)").arg(cpu::num_threads()).arg(isa);
}

WelcomePanel::WelcomePanel(AppSettings& settings, QWidget* parent) : QWidget(parent), settings_(settings) {
  setObjectName(QStringLiteral("welcomePanel"));
  title_ = new QLabel(this);
  QFont big = title_->font();
  big.setPointSizeF(big.pointSizeF() * 1.6);
  big.setBold(true);
  title_->setFont(big);
  intro_ = new QLabel(this);
  intro_->setWordWrap(true);
  model_label_ = new QLabel(this);
  model_label_->setObjectName(QStringLiteral("welcomeModel"));
  model_label_->setWordWrap(true);
  backend_label_ = new QLabel(this);
  backend_label_->setObjectName(QStringLiteral("welcomeBackend"));
  backend_label_->setWordWrap(true);
  open_file_ = new QPushButton(this);
  open_file_->setObjectName(QStringLiteral("welcomeOpenFile"));
  open_folder_ = new QPushButton(this);
  open_folder_->setObjectName(QStringLiteral("welcomeOpenFolder"));
  open_last_ = new QPushButton(this);
  open_last_->setObjectName(QStringLiteral("welcomeOpenLast"));
  found_label_ = new QLabel(this);
  found_label_->setWordWrap(true);
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("welcomeCandidates"));
  places_label_ = new QLabel(this);
  places_label_->setWordWrap(true);
  places_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(open_file_);
  buttons->addWidget(open_folder_);
  buttons->addWidget(open_last_);
  buttons->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(24, 16, 24, 16);
  layout->addWidget(title_);
  layout->addWidget(intro_);
  layout->addWidget(model_label_);
  layout->addWidget(backend_label_);
  layout->addLayout(buttons);
  layout->addSpacing(8);
  layout->addWidget(found_label_);
  layout->addWidget(list_, 1);
  layout->addWidget(places_label_);

  connect(open_file_, &QPushButton::clicked, this, &WelcomePanel::openFile);
  connect(open_folder_, &QPushButton::clicked, this, &WelcomePanel::openFolder);
  connect(open_last_, &QPushButton::clicked, this, [this] {
    const QStringList recent = settings_.recent_models();
    if (!recent.isEmpty()) emit openRequested(recent.first());
  });
  // One click opens (itemClicked); keyboard users press Enter (itemActivated). A double click
  // sends both: the second request is refused by the busy engine.
  connect(list_, &QListWidget::itemClicked, this, &WelcomePanel::onItemActivated);
  connect(list_, &QListWidget::itemActivated, this, &WelcomePanel::onItemActivated);
  refresh();
}

void WelcomePanel::refresh() {
  backend_ = backendText();
  candidates_ = findModelCandidates(QDir::homePath());
  retranslateUi();
}

void WelcomePanel::setModel(const ModelInfo& info, const QString& loading) {
  model_ = info;
  loading_ = loading;
  retranslateUi();
}

void WelcomePanel::fillList() {
  list_->clear();
  for (const ModelCandidate& c : candidates_) {
    auto* item = new QListWidgetItem(QStringLiteral("%1 \u2014 %2").arg(c.name, source_text(c.source)), list_);
    item->setData(Qt::UserRole, c.path);
    item->setToolTip(c.path);
  }
  list_->setVisible(!candidates_.isEmpty());
}

void WelcomePanel::onItemActivated(QListWidgetItem* item) {
  if (item) emit openRequested(item->data(Qt::UserRole).toString());
}

QString WelcomePanel::startDir() const {
  const QStringList recent = settings_.recent_models();
  if (recent.isEmpty()) return QDir::homePath();
  const QFileInfo last(recent.first());
  return last.isDir() ? last.absoluteDir().absolutePath() : last.absolutePath();
}

void WelcomePanel::openFile() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Open model file"), startDir(),
                                                    tr("GGUF models (*.gguf);;All files (*)"));
  if (!file.isEmpty()) emit openRequested(file);
}

void WelcomePanel::openFolder() {
  const QString dir = QFileDialog::getExistingDirectory(
      this, tr("Open model folder (config.json, *.safetensors, tokenizer.model)"), startDir());
  if (!dir.isEmpty()) emit openRequested(dir);
}

void WelcomePanel::retranslateUi() {
  title_->setText(tr("Welcome to Tramontane"));
  intro_->setText(tr("Tramontane chats with Mistral-family language models on this computer: nothing you "
                     "type leaves it. Open a model to start: a .gguf file, or a folder with config.json, "
                     "*.safetensors and the tokenizer (for example Mistral-7B-Instruct)."));
  if (!loading_.isEmpty()) {
    model_label_->setText(tr("Loading %1…").arg(loading_));
  } else if (!model_.path.isEmpty() || !model_.name.isEmpty()) {
    model_label_->setText(tr("Model: %1 (%2)").arg(model_.name, model_.backend));
  } else {
    model_label_->setText(tr("No model is loaded."));
  }
  backend_label_->setText(tr("Backend: %1").arg(backend_));
  open_file_->setText(tr("Open a model file…"));
  open_folder_->setText(tr("Open a model folder…"));
  const QStringList recent = settings_.recent_models();
  open_last_->setVisible(!recent.isEmpty());
  if (!recent.isEmpty()) {
    open_last_->setText(tr("Open %1 again").arg(QFileInfo(recent.first()).fileName()));
    open_last_->setToolTip(recent.first());
  }
  found_label_->setText(candidates_.isEmpty() ? tr("No models were found in the usual folders.")
                                              : tr("Models found on this computer (click one to open it):"));
  places_label_->setText(
      tr("Where models usually are: the Hugging Face cache (~/.cache/huggingface/hub/models--mistralai--*), "
         "Ollama (~/.ollama/models), LM Studio (~/.cache/lm-studio/models, ~/.lmstudio/models) and "
         "GPT4All (~/.local/share/nomic.ai/GPT4All)."));
  fillList();
}

void WelcomePanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

}  // namespace tramontane::gui
