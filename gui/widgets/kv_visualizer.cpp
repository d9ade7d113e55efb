#include "gui/widgets/kv_visualizer.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedLayout>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "engine/format/npy.h"
#include "gui/core/engine_controller.h"
#include "gui/core/engine_worker.h"

namespace tramontane::gui {

namespace {

// The heatmap fills the room the window gives it; these are its size before the view is laid out
// and its smallest.
constexpr int kHeatmapMaxWidth = 720;   // pixels
constexpr int kHeatmapMaxHeight = 360;
constexpr int kHeatmapMinWidth = kHeatmapMaxWidth / 2;
constexpr int kHeatmapMinHeight = 120;
constexpr int kRingSize = 220;
constexpr int kStripTokens = 160;       // tokens shown in the strip
constexpr double kLogFloor = 1e-6;      // log scale: weights below are drawn as the floor

// A perceptual-ish dark-blue -> teal -> yellow ramp for t in [0, 1].
QColor ramp(double t) {
  t = std::isnan(t) ? 0.0 : std::clamp(t, 0.0, 1.0);   // NaN (a NaN model) would index out of stops[]
  static const QColor stops[] = {QColor(13, 8, 135), QColor(84, 2, 163), QColor(139, 10, 165), QColor(185, 50, 137),
                                 QColor(219, 92, 104), QColor(244, 136, 73), QColor(254, 188, 43), QColor(240, 249, 33)};
  const double x = t * 7.0;
  const int i = std::min(6, int(x));
  const double f = x - i;
  const QColor a = stops[i], b = stops[i + 1];
  return QColor(int(a.red() + f * (b.red() - a.red())), int(a.green() + f * (b.green() - a.green())),
                int(a.blue() + f * (b.blue() - a.blue())));
}

// a at t = 1, b at t = 0.
QColor mix(const QColor& a, const QColor& b, double t) {
  t = std::isnan(t) ? 0.0 : std::clamp(t, 0.0, 1.0);
  return QColor(int(std::lround(b.red() + t * (a.red() - b.red()))), int(std::lround(b.green() + t * (a.green() - b.green()))),
                int(std::lround(b.blue() + t * (a.blue() - b.blue()))));
}

const QColor kEvictedColor(239, 68, 68);  // positions that just left the window

QString mib(uint64_t bytes) { return QLocale().toString(double(bytes) / double(1 << 20), 'f', 2); }

}  // namespace

KvVisualizer::KvVisualizer(EngineController& controller, QWidget* parent)
    : QWidget(parent, Qt::Window), controller_(controller) {
  layer_label_ = new QLabel(this);
  layer_box_ = new QSpinBox(this);
  layer_box_->setRange(0, 0);
  head_label_ = new QLabel(this);
  head_box_ = new QComboBox(this);
  head_box_->addItem(QString(), 0);
  log_box_ = new QCheckBox(this);
  pause_button_ = new QPushButton(this);
  pause_button_->setCheckable(true);
  step_button_ = new QPushButton(this);
  png_button_ = new QPushButton(this);
  npy_button_ = new QPushButton(this);
  status_label_ = new QLabel(this);

  auto* controls = new QHBoxLayout;
  controls->addWidget(layer_label_);
  controls->addWidget(layer_box_);
  controls->addWidget(head_label_);
  controls->addWidget(head_box_, 1);
  controls->addWidget(log_box_);
  controls->addWidget(pause_button_);
  controls->addWidget(step_button_);
  controls->addWidget(png_button_);
  controls->addWidget(npy_button_);

  ring_title_ = new QLabel(this);
  ring_view_ = new QLabel(this);
  ring_view_->setMinimumSize(kRingSize, kRingSize);
  ring_view_->setAlignment(Qt::AlignCenter);
  heat_title_ = new QLabel(this);
  heat_view_ = new QLabel(this);
  heat_view_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  heat_view_->setMinimumSize(kHeatmapMinWidth, kHeatmapMinHeight);
  // Sized by the layout, not by the picture it shows (which is drawn to fit it).
  heat_view_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
  heat_view_->setMouseTracking(true);
  heat_view_->installEventFilter(this);
  tokens_title_ = new QLabel(this);
  tokens_view_ = new QLabel(this);
  tokens_view_->setWordWrap(true);
  tokens_view_->setTextFormat(Qt::RichText);
  tokens_view_->setObjectName(QStringLiteral("kvTokenStrip"));
  // Each token is a link: a click (or Tab to it, then Enter) ranks the heads attending to it.
  tokens_view_->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
  tokens_view_->setFocusPolicy(Qt::StrongFocus);
  ranking_label_ = new QLabel(this);
  ranking_label_->setObjectName(QStringLiteral("kvRankingText"));
  ranking_label_->setWordWrap(true);
  ranking_label_->setTextFormat(Qt::PlainText);
  ranking_list_ = new QListWidget(this);
  ranking_list_->setObjectName(QStringLiteral("kvHeadRanking"));
  ranking_list_->setFlow(QListView::LeftToRight);
  ranking_list_->setWrapping(true);
  ranking_list_->setSpacing(2);
  ranking_list_->setSelectionMode(QAbstractItemView::SingleSelection);
  ranking_list_->setFixedHeight(ranking_list_->fontMetrics().height() * 2 + 16);
  ranking_list_->hide();
  fade_timer_ = new QTimer(this);
  fade_timer_->setInterval(EngineWorker::kProbeIntervalMs);   // at most ~30 repaints a second
  memory_title_ = new QLabel(this);
  memory_bar_ = new QProgressBar(this);
  memory_bar_->setRange(0, 1000);
  memory_bar_->setTextVisible(false);
  memory_label_ = new QLabel(this);
  memory_label_->setWordWrap(true);

  auto* grid = new QGridLayout;
  grid->addWidget(ring_title_, 0, 0);
  grid->addWidget(heat_title_, 0, 1);
  grid->addWidget(ring_view_, 1, 0, Qt::AlignTop);
  grid->addWidget(heat_view_, 1, 1);
  grid->setColumnStretch(1, 1);
  grid->setRowStretch(1, 1);

  // The view, or (remote server) the explanation in its place.
  view_page_ = new QWidget(this);
  remote_label_ = new QLabel(this);
  remote_label_->setObjectName(QStringLiteral("kvRemoteNote"));
  remote_label_->setWordWrap(true);
  remote_label_->setAlignment(Qt::AlignCenter);
  remote_label_->setMargin(24);
  pages_ = new QStackedLayout(this);
  pages_->addWidget(view_page_);
  pages_->addWidget(remote_label_);

  auto* layout = new QVBoxLayout(view_page_);
  layout->addLayout(controls);
  layout->addWidget(status_label_);
  layout->addLayout(grid, 1);
  layout->addWidget(caption_label_ = new QLabel(this));
  layout->addWidget(tokens_title_);
  layout->addWidget(tokens_view_);
  layout->addWidget(ranking_label_);
  layout->addWidget(ranking_list_);
  layout->addWidget(memory_title_);
  layout->addWidget(memory_bar_);
  layout->addWidget(memory_label_);

  connect(layer_box_, &QSpinBox::valueChanged, this, [this](int layer) {
    have_attention_ = false;
    // The frame shown may hold that layer already (another subscriber asked for it).
    for (const AttentionFrame& a : frame_attention_) {
      if (a.layer != layer) continue;
      updateHeadChoices(a);
      attention_ = a;
      have_attention_ = true;
    }
    if (sub_id_) controller_.worker()->updateProbe(sub_id_, spec());
    render();
  });
  connect(head_box_, &QComboBox::currentIndexChanged, this, [this](int) { render(); });
  connect(log_box_, &QCheckBox::toggled, this, [this](bool) { render(); });
  connect(pause_button_, &QPushButton::toggled, this, [this](bool on) { setPaused(on); });
  connect(step_button_, &QPushButton::clicked, this, &KvVisualizer::step);
  connect(tokens_view_, &QLabel::linkActivated, this, [this](const QString& link) {
    if (link.startsWith(QLatin1String("pos:"))) selectToken(link.mid(4).toLongLong());
  });
  connect(ranking_list_, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { chooseRankedHead(ranking_list_->row(item)); });
  connect(ranking_list_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { chooseRankedHead(ranking_list_->row(item)); });
  connect(fade_timer_, &QTimer::timeout, this, [this] {
    fadeTick();
    renderRing();
    renderTokens();
    updateFadeTimer();
  });
  connect(png_button_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export heatmap"), QString(), tr("PNG images (*.png)"));
    if (!path.isEmpty() && !exportPng(path)) status_label_->setText(tr("Could not write %1.").arg(path));
  });
  connect(npy_button_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export attention weights"), QString(),
                                                      tr("NumPy arrays (*.npy)"));
    if (!path.isEmpty() && !exportNpy(path)) status_label_->setText(tr("Could not write %1.").arg(path));
  });
  // The worker lives on the engine thread: queued to this (GUI) thread.
  connect(controller_.worker(), &EngineWorker::probeFramesReady, this, &KvVisualizer::onFramesReady,
          Qt::QueuedConnection);
  connect(&controller_, &EngineController::modelLoaded, this, [this](const ModelInfo&) { updateMode(); });
  connect(&controller_, &EngineController::modelUnloaded, this, &KvVisualizer::updateMode);
  resize(980, 720);
  retranslateUi();
}

KvVisualizer::~KvVisualizer() { unsubscribe(); }

void KvVisualizer::retranslateUi() {
  setWindowTitle(tr("KV cache and attention"));
  layer_label_->setText(tr("Layer"));
  head_label_->setText(tr("Query head"));
  log_box_->setText(tr("Log scale"));
  pause_button_->setText(tr("Pause"));
  step_button_->setText(tr("Step"));
  png_button_->setText(tr("Export PNG…"));
  npy_button_->setText(tr("Export .npy…"));
  ring_title_->setText(tr("KV ring (slots by position, write head in red)"));
  heat_title_->setText(tr("Attention (queries × keys by position)"));
  tokens_title_->setText(tr("Tokens (highlighted: inside the window)"));
  memory_title_->setText(tr("Memory"));
  remote_label_->setText(remoteNote());
  if (have_attention_) updateHeadChoices(attention_);
  render();
}

void KvVisualizer::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

QString KvVisualizer::remoteNote() {
  return tr("The server does not expose the model's attention or KV cache; the visualizer works with a model "
            "on this computer.");
}

bool KvVisualizer::remoteNoteShown() const { return pages_->currentWidget() == remote_label_; }

void KvVisualizer::updateMode() {
  const bool remote = controller_.isRemote();
  pages_->setCurrentWidget(remote ? static_cast<QWidget*>(remote_label_) : view_page_);
  if (remote) {
    unsubscribe();
  } else if (isVisible()) {
    subscribe();
  }
}

void KvVisualizer::showEvent(QShowEvent* event) {
  updateMode();
  if (!controller_.isRemote()) subscribe();
  QWidget::showEvent(event);
}

void KvVisualizer::hideEvent(QHideEvent* event) {
  unsubscribe();
  QWidget::hideEvent(event);
}

void KvVisualizer::closeEvent(QCloseEvent* event) {
  unsubscribe();
  QWidget::closeEvent(event);
}

void KvVisualizer::subscribe() {
  if (sub_id_) return;
  EngineWorker* w = controller_.worker();
  const std::string why = w->probes()->unavailable();
  status_label_->setText(why.empty() ? QString() : tr("Probes are not available: %1").arg(QString::fromStdString(why)));
  taken_seq_ = w->probes()->last_seq();
  // Tokens already in the cache, so the strip can show text for them (frames bring the rest).
  if (auto h = w->historyTokens()) history_ = *h;
  sub_id_ = w->subscribeProbe(spec());
}

ProbeSpec KvVisualizer::spec() const {
  ProbeSpec s;
  s.layers = {layer_box_->value()};
  s.max_queries = kMaxQueries;
  return s;
}

void KvVisualizer::unsubscribe() {
  if (!sub_id_) return;
  controller_.worker()->unsubscribeProbe(sub_id_);
  sub_id_ = 0;
}

void KvVisualizer::setLayer(int layer) { layer_box_->setValue(layer); }
void KvVisualizer::setHead(int head) {
  const int i = head_box_->findData(head);
  if (i >= 0) head_box_->setCurrentIndex(i);
  if (i >= 0) pending_head_ = -1;
}
int KvVisualizer::layer() const { return layer_box_->value(); }
int KvVisualizer::head() const { return head_box_->currentData().toInt(); }
void KvVisualizer::setLogScale(bool on) { log_box_->setChecked(on); }

void KvVisualizer::setPaused(bool paused) {
  fadeTick();   // the fade clock counts the time up to now only if it was running
  paused_ = paused;
  if (pause_button_->isChecked() != paused) pause_button_->setChecked(paused);
  step_button_->setEnabled(paused);
  if (!paused) pull(false);
  updateFadeTimer();
}

void KvVisualizer::step() { pull(true); }

void KvVisualizer::onFramesReady() {
  if (!sub_id_ || paused_) return;
  pull(false);
}

void KvVisualizer::pull(bool only_next) {
  auto probes = controller_.worker()->probes();
  std::vector<ProbeFrame> frames = probes->frames_after(taken_seq_);
  if (frames.empty()) return;
  if (!pieces_ || pieces_->isEmpty()) pieces_ = controller_.worker()->tokenPieces();
  if (only_next) {
    take(std::move(frames.front()));
  } else {
    for (ProbeFrame& f : frames) take(std::move(f));
  }
  render();
}

void KvVisualizer::take(ProbeFrame&& f) {
  taken_seq_ = f.seq;
  shown_seq_ = f.seq;
  ++frames_seen_;
  // A frame starting at position 0 begins a new conversation (or a recomputed one).
  if (f.first_pos == 0) {
    history_.clear();
    fading_.clear();
  }
  const size_t end = size_t(f.first_pos) + f.tokens.size();
  if (history_.size() < end) history_.resize(end, -1);
  history_.resize(end);
  std::copy(f.tokens.begin(), f.tokens.end(), history_.begin() + f.first_pos);
  for (const AttentionFrame& a : f.attention) {
    if (a.layer != layer_box_->value()) continue;
    if (!have_attention_ || a.heads != attention_.heads || a.group != attention_.group) updateHeadChoices(a);
    if (pending_head_ >= 0) {
      const int i = head_box_->findData(pending_head_);
      if (i >= 0) {
        const QSignalBlocker block(head_box_);
        head_box_->setCurrentIndex(i);
      }
      pending_head_ = -1;
    }
    attention_ = a;
    have_attention_ = true;
  }
  if (!f.attention.empty()) frame_attention_ = std::move(f.attention);   // every layer, for the ranking
  if (f.has_kv) {
    fadeTick();
    for (int64_t p : f.kv.evicted) fading_[p] = fade_clock_ms_;
    kv_ = std::move(f.kv);
    have_kv_ = true;
    if (layer_box_->maximum() != kv_.n_layer - 1) layer_box_->setMaximum(int(std::max<int64_t>(0, kv_.n_layer - 1)));
  }
}

void KvVisualizer::updateHeadChoices(const AttentionFrame& a) {
  const int current = head();
  const QSignalBlocker block(head_box_);
  head_box_->clear();
  for (int64_t h : a.heads)
    head_box_->addItem(tr("Head %1 · KV head %2 (group of %3)").arg(h).arg(h / a.group).arg(a.group), int(h));
  const int i = head_box_->findData(current);
  head_box_->setCurrentIndex(i >= 0 ? i : 0);
}

QString KvVisualizer::pieceText(int64_t pos) const {
  if (pos < 0 || pos >= int64_t(history_.size())) return QString();
  const int32_t id = history_[size_t(pos)];
  if (id < 0) return QStringLiteral("?");
  if (pieces_ && id < pieces_->size()) return pieces_->at(id);
  return QStringLiteral("#%1").arg(id);
}

void KvVisualizer::render() {
  renderHeatmap();
  renderRing();
  renderRanking();
  renderTokens();
  renderMemory();
  updateFadeTimer();
}

// ---- head ranking ----

void KvVisualizer::selectToken(qint64 pos) {
  selected_pos_ = pos >= 0 && pos < qint64(history_.size()) ? pos : -1;
  renderHeatmap();
  renderRanking();
  renderTokens();
}

void KvVisualizer::computeRanking() {
  ranking_.clear();
  selected_outside_ = false;
  if (selected_pos_ >= qint64(history_.size())) selected_pos_ = -1;   // a new, shorter conversation
  if (selected_pos_ < 0 || frame_attention_.empty() || frame_attention_.front().q_pos.empty()) return;
  const int64_t pos = selected_pos_;
  const int64_t q_newest = frame_attention_.front().q_pos.back();
  const int64_t window = have_kv_ ? kv_.window : 0;
  if (window > 0 && pos <= q_newest - window) {
    selected_outside_ = true;   // evicted: the sliding-window mask gives it weight 0
    return;
  }
  for (const AttentionFrame& a : frame_attention_) {
    const int64_t n_q = int64_t(a.q_pos.size());
    if (n_q == 0) continue;
    for (size_t hi = 0; hi < a.heads.size(); ++hi) {
      float w = 0;
      if (n_q == 1) {
        w = a.at(hi, 0, pos);
      } else {   // a prefill chunk: the mean over its captured queries
        double sum = 0;
        for (int64_t q = 0; q < n_q; ++q) sum += a.at(hi, q, pos);
        w = float(sum / double(n_q));
      }
      if (std::isnan(w)) w = 0;   // a NaN model: keep the ranking's order well defined
      ranking_.push_back({int(a.layer), int(a.heads[hi]), w});
    }
  }
  std::stable_sort(ranking_.begin(), ranking_.end(), [](const HeadRank& x, const HeadRank& y) {
    if (x.weight != y.weight) return x.weight > y.weight;
    return x.layer != y.layer ? x.layer < y.layer : x.head < y.head;
  });
  if (ranking_.size() > size_t(kTopHeads)) ranking_.resize(size_t(kTopHeads));
}

QString KvVisualizer::rankEntry(const HeadRank& r) const {
  return tr("L%1 H%2 %3").arg(r.layer).arg(r.head).arg(double(r.weight), 0, 'g', 3);
}

QString KvVisualizer::rankingHeader() const {
  if (selected_pos_ < 0) return tr("Click a token above to see which heads attend to it most.");
  QString piece = pieceText(selected_pos_);
  piece.replace(QLatin1Char('\n'), QStringLiteral("↵"));
  if (selected_outside_)
    return tr("“%1” (position %2) is outside the window: it was evicted, and the sliding-window mask gives it "
              "weight 0 in every head.")
        .arg(piece)
        .arg(selected_pos_);
  if (frame_attention_.empty() || frame_attention_.front().q_pos.empty())
    return tr("“%1” (position %2): waiting for the model to run…").arg(piece).arg(selected_pos_);
  const AttentionFrame& a = frame_attention_.front();
  const QString scope = a.q_pos.size() == 1
                            ? tr("weight of the newest query, position %1").arg(a.q_pos.back())
                            : tr("mean over the prefill chunk's %1 queries, positions %2–%3")
                                  .arg(a.q_pos.size())
                                  .arg(a.q_pos.front())
                                  .arg(a.q_pos.back());
  // The widget's own subscription captures one layer: the ranking is over its heads.
  if (frame_attention_.size() == 1)
    return tr("Heads in layer %1 that attend most to “%2” (position %3; %4):")
        .arg(a.layer)
        .arg(piece)
        .arg(selected_pos_)
        .arg(scope);
  return tr("Heads that attend most to “%1” (position %2; %3):").arg(piece).arg(selected_pos_).arg(scope);
}

QString KvVisualizer::rankingText() const {
  QStringList entries;
  for (const HeadRank& r : ranking_) entries << rankEntry(r);
  const QString header = rankingHeader();
  return entries.isEmpty() ? header : header + QLatin1Char(' ') + entries.join(QStringLiteral(", "));
}

void KvVisualizer::renderRanking() {
  computeRanking();
  // The label says what is ranked; the list holds the entries to click.
  ranking_label_->setText(rankingHeader());
  QStringList items;
  for (const HeadRank& r : ranking_) items << rankEntry(r);
  bool same = ranking_list_->count() == items.size();
  for (int i = 0; same && i < items.size(); ++i) same = ranking_list_->item(i)->text() == items[i];
  const QSignalBlocker block(ranking_list_);
  if (!same) {
    ranking_list_->clear();
    for (size_t i = 0; i < ranking_.size(); ++i) {
      auto* item = new QListWidgetItem(items[int(i)], ranking_list_);
      item->setToolTip(tr("Show layer %1, head %2 in the heatmap").arg(ranking_[i].layer).arg(ranking_[i].head));
    }
  }
  // The entry the heatmap shows is the selected one.
  int current = -1;
  for (size_t i = 0; i < ranking_.size(); ++i)
    if (have_attention_ && ranking_[i].layer == attention_.layer && ranking_[i].head == head()) current = int(i);
  if (current >= 0) {
    ranking_list_->setCurrentRow(current);
  } else {
    ranking_list_->clearSelection();
  }
  ranking_list_->setVisible(!ranking_.empty());
}

bool KvVisualizer::chooseRankedHead(int index) {
  if (index < 0 || index >= int(ranking_.size())) return false;
  const HeadRank r = ranking_[size_t(index)];   // render() recomputes ranking_
  pending_head_ = r.head;
  setLayer(r.layer);
  setHead(r.head);
  render();
  return layer() == r.layer && (head() == r.head || pending_head_ == r.head);
}

// ---- eviction fade ----

void KvVisualizer::fadeTick() {
  if (fade_elapsed_.isValid() && !paused_) fade_clock_ms_ += double(fade_elapsed_.elapsed());
  fade_elapsed_.start();
  for (auto it = fading_.begin(); it != fading_.end();) it = fade_clock_ms_ - it->second >= kFadeMs ? fading_.erase(it) : std::next(it);
}

void KvVisualizer::updateFadeTimer() {
  const bool run = !fading_.empty() && !paused_;
  if (run && !fade_timer_->isActive()) {
    fade_elapsed_.start();   // nothing ran the clock since the last tick that mattered
    fade_timer_->start();
  } else if (!run && fade_timer_->isActive()) {
    fade_timer_->stop();
  }
}

bool KvVisualizer::fadeAnimating() const { return fade_timer_->isActive(); }

double KvVisualizer::fadeLevel(int64_t pos) const {
  const auto it = fading_.find(pos);
  if (it == fading_.end()) return 0;
  double now = fade_clock_ms_;
  if (fade_elapsed_.isValid() && !paused_) now += double(fade_elapsed_.elapsed());
  return std::clamp(1.0 - (now - it->second) / double(kFadeMs), 0.0, 1.0);
}

std::vector<int64_t> KvVisualizer::fadingPositions() const {
  std::vector<int64_t> out;
  for (const auto& [pos, when] : fading_)
    if (fadeLevel(pos) > 0) out.push_back(pos);
  return out;
}

void KvVisualizer::renderHeatmap() {
  if (!have_attention_ || attention_.q_pos.empty() || attention_.n_keys == 0) {
    heatmap_ = QImage();
    caption_label_->setText(QString());
    heat_view_->setPixmap(QPixmap());
    heat_view_->setText(tr("Waiting for the model to run…"));
    return;
  }
  const auto it = std::find(attention_.heads.begin(), attention_.heads.end(), int64_t(head()));
  const size_t hi = it == attention_.heads.end() ? 0 : size_t(it - attention_.heads.begin());
  const int64_t n_q = int64_t(attention_.q_pos.size()), n_k = attention_.n_keys;
  int max_w = kHeatmapMaxWidth, max_h = kHeatmapMaxHeight;
  if (heat_view_->isVisible()) {
    max_w = std::max(kHeatmapMinWidth, heat_view_->contentsRect().width());
    max_h = std::max(kHeatmapMinHeight, heat_view_->contentsRect().height());
  }
  cell_w_ = std::max(1, int(max_w / n_k));
  cell_h_ = std::clamp(int(max_h / n_q), 1, std::max(cell_w_, 24));
  const int width = int(std::min<int64_t>(n_k * cell_w_, max_w));
  const int height = int(std::min<int64_t>(n_q * cell_h_, max_h));
  // Columns / rows beyond what fits are sampled (several keys per pixel: their maximum).
  QImage img(std::max(1, width), std::max(1, height), QImage::Format_RGB32);
  const bool log_scale = log_box_->isChecked();
  float vmax = 0;
  for (int64_t t = 0; t < n_q; ++t)
    for (int64_t k = 0; k < n_k; ++k)
      vmax = std::max(vmax, attention_.weights[(hi * size_t(n_q) + size_t(t)) * size_t(n_k) + size_t(k)]);
  const QColor masked(40, 40, 40);
  for (int y = 0; y < img.height(); ++y) {
    const int64_t t = std::min<int64_t>(n_q - 1, int64_t(y) * n_q / img.height());
    QRgb* line = reinterpret_cast<QRgb*>(img.scanLine(y));
    for (int x = 0; x < img.width(); ++x) {
      const int64_t k0 = int64_t(x) * n_k / img.width();
      const int64_t k1 = std::max(k0 + 1, int64_t(x + 1) * n_k / img.width());
      float v = 0;
      bool any = false;
      for (int64_t k = k0; k < k1; ++k) {
        const float w = attention_.weights[(hi * size_t(n_q) + size_t(t)) * size_t(n_k) + size_t(k)];
        const int64_t kp = attention_.key_first + k, qp = attention_.q_pos[size_t(t)];
        const bool vis = kp <= qp && (kv_.window == 0 || kp > qp - kv_.window || !have_kv_);
        any = any || (vis && w > 0);
        v = std::max(v, w);
      }
      if (!any) {
        line[x] = masked.rgb();
        continue;
      }
      const double s = log_scale ? (std::log10(std::max<double>(v, kLogFloor)) - std::log10(kLogFloor)) /
                                       (std::log10(std::max<double>(vmax, kLogFloor * 10)) - std::log10(kLogFloor))
                                 : double(v) / std::max(1e-12, double(vmax));
      line[x] = ramp(s).rgb();
    }
  }
  // The token selected in the strip: its key column outlined.
  if (selected_pos_ >= attention_.key_first && selected_pos_ < attention_.key_first + n_k) {
    const int64_t k = selected_pos_ - attention_.key_first;
    const int x0 = int(k * img.width() / n_k), x1 = std::max(x0 + 1, int((k + 1) * img.width() / n_k));
    QPainter p(&img);
    p.setPen(QPen(QColor(147, 197, 253), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRect(x0, 0, x1 - x0 - 1, img.height() - 1));
  }
  heatmap_ = img;
  caption_label_->setText(tr("Layer %1, head %2: queries at positions %3–%4, keys %5–%6")
                              .arg(attention_.layer)
                              .arg(head())
                              .arg(attention_.q_pos.front())
                              .arg(attention_.q_pos.back())
                              .arg(attention_.key_first)
                              .arg(attention_.key_first + n_k - 1));
  heat_view_->setText(QString());
  heat_view_->setPixmap(QPixmap::fromImage(img));
}

void KvVisualizer::renderRing() {
  if (!have_kv_ || kv_.capacity == 0) {
    ring_fading_.clear();
    ring_ = QImage();
    ring_view_->setPixmap(QPixmap());
    return;
  }
  QImage img(kRingSize, kRingSize, QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::transparent);
  QPainter p(&img);
  p.setRenderHint(QPainter::Antialiasing);
  const int64_t n_slots = kv_.window > 0 ? kv_.window : kv_.capacity;
  const QRectF outer(10, 10, kRingSize - 20, kRingSize - 20);
  const double span = 360.0 / double(n_slots);
  const int64_t oldest = std::max<int64_t>(0, kv_.n_past - n_slots);
  for (int64_t s = 0; s < n_slots; ++s) {
    const int64_t pos = s < int64_t(kv_.slot_pos.size()) ? kv_.slot_pos[size_t(s)] : -1;
    QColor c(70, 70, 70);
    if (pos >= 0) c = ramp(0.15 + 0.85 * double(pos - oldest + 1) / double(std::max<int64_t>(1, kv_.n_past - oldest)));
    p.setPen(n_slots <= 128 ? QPen(palette().window().color(), 1) : Qt::NoPen);
    p.setBrush(c);
    // Slot 0 at the top, clockwise.
    p.drawPie(outer, int((90.0 - (double(s) + 1) * span) * 16), int(std::max(span, 0.2) * 16));
  }
  // Positions that just left the window: a ghost on their old slot, fading out.
  ring_fading_.clear();
  if (kv_.window > 0) {
    for (const auto& [pos, when] : fading_) {
      const double level = fadeLevel(pos);
      if (level <= 0) continue;
      const int64_t s = pos % n_slots;
      ring_fading_.push_back(s);
      QColor ghost = kEvictedColor;
      ghost.setAlphaF(float(0.35 * level));
      p.setPen(Qt::NoPen);
      p.setBrush(ghost);
      p.drawPie(outer, int((90.0 - (double(s) + 1) * span) * 16), int(std::max(span, 0.2) * 16));
      ghost.setAlphaF(float(level));
      p.setPen(QPen(ghost, 5, Qt::SolidLine, Qt::FlatCap));
      p.setBrush(Qt::NoBrush);
      p.drawArc(outer.adjusted(-4, -4, 4, 4), int((90.0 - (double(s) + 1) * span) * 16), int(std::max(span, 0.2) * 16));
    }
    std::sort(ring_fading_.begin(), ring_fading_.end());
    ring_fading_.erase(std::unique(ring_fading_.begin(), ring_fading_.end()), ring_fading_.end());
  }
  p.setBrush(palette().window());
  p.setPen(Qt::NoPen);
  p.drawEllipse(outer.adjusted(38, 38, -38, -38));
  // The write head.
  const double angle = (90.0 - (double(kv_.write_head % std::max<int64_t>(1, n_slots)) + 0.5) * span) * M_PI / 180.0;
  const QPointF c = outer.center();
  const double r0 = outer.width() / 2 - 42, r1 = outer.width() / 2 + 6;
  p.setPen(QPen(Qt::red, 3));
  p.drawLine(c + QPointF(r0 * std::cos(angle), -r0 * std::sin(angle)), c + QPointF(r1 * std::cos(angle), -r1 * std::sin(angle)));
  p.setPen(palette().windowText().color());
  p.drawText(outer, Qt::AlignCenter,
             tr("%1 / %2 slots\nposition %3").arg(kv_.slots_used).arg(n_slots).arg(kv_.n_past));
  p.end();
  ring_ = img;
  ring_view_->setPixmap(QPixmap::fromImage(img));
}

QString KvVisualizer::tokenStripHtml() const {
  const int64_t n = int64_t(history_.size());
  const int64_t first = std::max<int64_t>(0, n - kStripTokens);
  const int64_t window = have_kv_ ? kv_.window : 0;
  const QColor base = tokens_view_->palette().window().color();
  QString html;
  for (int64_t pos = first; pos < n; ++pos) {
    const bool in_window = window == 0 || pos >= n - window;
    QString text = pieceText(pos).toHtmlEscaped();
    text.replace(QLatin1Char('\n'), QStringLiteral("↵"));
    if (text.trimmed().isEmpty()) text = QStringLiteral("·") + text;
    const double fade = in_window ? 0.0 : fadeLevel(pos);
    QString style, title;
    if (pos == selected_pos_) {
      style = QStringLiteral("background:#93c5fd;color:#111;font-weight:bold;text-decoration:underline");
      title = tr("position %1 (selected)").arg(pos);
    } else if (in_window) {
      style = QStringLiteral("background:#fde68a;color:#111;text-decoration:none");
      title = tr("position %1, slot %2").arg(pos).arg(window > 0 ? pos % window : pos);
    } else if (fade > 0) {   // just left the window: its highlight fades out
      style = QStringLiteral("background:%1;color:%2;text-decoration:none")
                  .arg(mix(kEvictedColor.lighter(150), base, fade).name(), mix(QColor(17, 17, 17), QColor(136, 136, 136), fade).name());
      title = tr("position %1, left the window").arg(pos);
    } else {
      style = QStringLiteral("color:#888;text-decoration:none");
      title = tr("position %1, outside the window").arg(pos);
    }
    html += QStringLiteral("<a href=\"pos:%1\" style=\"text-decoration:none\" title=\"%2\"><span style=\"%3\">%4</span></a>")
                .arg(QString::number(pos), title.toHtmlEscaped(), style, text);
  }
  return html;
}

void KvVisualizer::renderTokens() {
  strip_fading_.clear();
  const int64_t n = int64_t(history_.size());
  const int64_t first = std::max<int64_t>(0, n - kStripTokens);
  const int64_t window = have_kv_ ? kv_.window : 0;
  for (const auto& [pos, when] : fading_)
    if (pos >= first && pos < n && window > 0 && pos < n - window && fadeLevel(pos) > 0) strip_fading_.push_back(pos);
  const QString html = tokenStripHtml();
  if (html != strip_html_) {   // unchanged text keeps the keyboard focus on its link
    strip_html_ = html;
    tokens_view_->setText(html);
  }
}

QString KvVisualizer::memoryText() const {
  if (!have_kv_) return QString();
  return tr("KV cache: %1 MiB of %2 MiB reserved (%3 MiB per layer, %4 layers), %5 evicted in the last step · "
            "model %6 MiB · adapters %7 MiB")
      .arg(mib(kv_.bytes_total), mib(kv_.bytes_reserved), mib(kv_.bytes_per_layer))
      .arg(kv_.n_layer)
      .arg(kv_.evicted.size())
      .arg(mib(uint64_t(std::max<qint64>(0, controller_.modelInfo().model_bytes))),
           mib(uint64_t(std::max<qint64>(0, controller_.adapterCacheBytes()))));
}

void KvVisualizer::renderMemory() {
  if (!have_kv_) {
    memory_bar_->setValue(0);
    memory_label_->setText(QString());
    return;
  }
  const double used = double(kv_.bytes_per_layer) * double(kv_.n_layer);
  memory_bar_->setValue(kv_.bytes_reserved ? std::clamp(int(1000.0 * used / double(kv_.bytes_reserved)), 0, 1000) : 0);
  memory_label_->setText(memoryText());
}

bool KvVisualizer::eventFilter(QObject* watched, QEvent* event) {
  if (watched == heat_view_ && event->type() == QEvent::Resize && have_attention_) renderHeatmap();
  if (watched == heat_view_ && event->type() == QEvent::ToolTip && have_attention_ && !heatmap_.isNull()) {
    auto* help = static_cast<QHelpEvent*>(event);
    const QPoint pt = help->pos();
    if (pt.x() < heatmap_.width() && pt.y() < heatmap_.height()) {
      const int64_t n_q = int64_t(attention_.q_pos.size());
      const int64_t k = int64_t(pt.x()) * attention_.n_keys / heatmap_.width();
      const int64_t t = int64_t(pt.y()) * n_q / heatmap_.height();
      const auto it = std::find(attention_.heads.begin(), attention_.heads.end(), int64_t(head()));
      const size_t hi = it == attention_.heads.end() ? 0 : size_t(it - attention_.heads.begin());
      const int64_t kp = attention_.key_first + k, qp = attention_.q_pos[size_t(t)];
      QToolTip::showText(help->globalPos(), tr("query %1 “%2” → key %3 “%4”: %5")
                                                .arg(qp)
                                                .arg(pieceText(qp).toHtmlEscaped())
                                                .arg(kp)
                                                .arg(pieceText(kp).toHtmlEscaped())
                                                .arg(double(attention_.at(hi, t, kp)), 0, 'g', 4),
                         heat_view_);
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

bool KvVisualizer::exportPng(const QString& path) const { return !heatmap_.isNull() && heatmap_.save(path, "PNG"); }

bool KvVisualizer::exportNpy(const QString& path) const {
  if (!have_attention_) return false;
  const int64_t H = int64_t(attention_.heads.size()), Q = int64_t(attention_.q_pos.size());
  return bool(write_npy_f32(path.toStdString(), attention_.weights.data(), {H, Q, attention_.n_keys}));
}

}  // namespace tramontane::gui
