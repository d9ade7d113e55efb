#pragma once
#include <algorithm>
// KvVisualizer (Tools > KV cache and attention…): what the engine does while it generates, live.
//   - ring view: the KV cache's W slots drawn as a ring, each colored by the position it holds
//     (older = cooler), empty slots grey, the write head (n_past mod W) marked;
//   - attention heatmap of the chosen layer and query head (query rows x key columns by absolute
//     position: a prefill chunk gives several rows, decode one), linear or log scale, tooltips with
//     the token text and weight; the head list shows the GQA groups (query heads sharing a KV head);
//   - token strip: the conversation's recent tokens, those inside the window highlighted;
//   - memory gauge: KV bytes used vs reserved (all layers), per layer, the model's bytes.
// It subscribes to the worker's probes (EngineWorker::subscribeProbe: one layer, all heads, the KV
// state) while it is shown and unsubscribes when hidden or closed, so a closed visualizer costs the
// engine nothing. Frames arrive through EngineWorker::probeFramesReady (at most ~30 a second);
// Pause freezes the view (frames keep being counted), Step shows the next frame while paused.
// Export: the heatmap as PNG, the captured weights of the layer as .npy [heads, queries, keys].
// While the chat runs on a remote server (EngineController::isRemote) there is nothing to probe:
// the window shows an explanation in place of its view and does not subscribe.
#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

#include "engine/runtime/probes.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedLayout;

namespace tramontane::gui {

class EngineController;

class KvVisualizer : public QWidget {
  Q_OBJECT
 public:
  explicit KvVisualizer(EngineController& controller, QWidget* parent = nullptr);
  ~KvVisualizer() override;

  // The layer and query head shown (the layer is what the probe captures).
  void setLayer(int layer);
  void setHead(int head);
  int layer() const;
  int head() const;
  void setLogScale(bool on);
  void setPaused(bool paused);
  bool paused() const { return paused_; }
  // Shows the next frame after the one shown (while paused).
  void step();

  // The probe subscription id while shown (0: none).
  int subscription() const { return sub_id_; }
  // Frames taken from the probes so far, and the seq of the one shown.
  quint64 framesSeen() const { return frames_seen_; }
  // Positions whose token the strip knows (from the worker's history when opened, then frames).
  qint64 tokensKnown() const { return std::count_if(history_.begin(), history_.end(), [](int32_t id) { return id >= 0; }); }
  quint64 shownSeq() const { return shown_seq_; }
  // The current images (null before the first frame).
  QImage heatmapImage() const { return heatmap_; }
  QImage ringImage() const { return ring_; }
  QString tokenStripHtml() const;
  QString memoryText() const;

  bool exportPng(const QString& path) const;
  // [heads captured, queries, keys] float32 of the shown frame's layer.
  bool exportNpy(const QString& path) const;

  // True while the explanation for a remote server is shown in place of the view.
  bool remoteNoteShown() const;
  static QString remoteNote();

  void retranslateUi();

 protected:
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;
  void closeEvent(QCloseEvent* event) override;
  void changeEvent(QEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  // One layer, every head, the KV state; of a prefill chunk only the last kMaxQueries queries.
  static constexpr int64_t kMaxQueries = 64;
  ProbeSpec spec() const;
  // Shows the view or the remote explanation as the controller is local or remote.
  void updateMode();
  void subscribe();
  void unsubscribe();
  void onFramesReady();
  // Takes new frames (all of them, or only the next one), keeps the token history, shows the newest.
  void pull(bool only_next);
  void take(const ProbeFrame& f);
  void render();
  void renderHeatmap();
  void renderRing();
  void renderTokens();
  void renderMemory();
  void updateHeadChoices(const AttentionFrame& a);
  QString pieceText(int64_t pos) const;

  EngineController& controller_;
  int sub_id_ = 0;
  bool paused_ = false;
  quint64 frames_seen_ = 0, shown_seq_ = 0, taken_seq_ = 0;
  std::vector<int32_t> history_;       // token id by position (-1 unknown)
  bool have_attention_ = false;
  AttentionFrame attention_;           // newest frame of the layer shown
  bool have_kv_ = false;
  KvFrame kv_;
  QImage heatmap_, ring_;
  int cell_w_ = 1, cell_h_ = 1;        // heatmap pixels per key / per query
  std::shared_ptr<const QStringList> pieces_;

  QLabel* layer_label_ = nullptr;
  QSpinBox* layer_box_ = nullptr;
  QLabel* head_label_ = nullptr;
  QComboBox* head_box_ = nullptr;
  QCheckBox* log_box_ = nullptr;
  QPushButton* pause_button_ = nullptr;
  QPushButton* step_button_ = nullptr;
  QPushButton* png_button_ = nullptr;
  QPushButton* npy_button_ = nullptr;
  QLabel* status_label_ = nullptr;
  QLabel* caption_label_ = nullptr;    // what the heatmap shows (layer, head, positions)
  QLabel* ring_title_ = nullptr;
  QLabel* ring_view_ = nullptr;
  QLabel* heat_title_ = nullptr;
  QLabel* heat_view_ = nullptr;
  QLabel* tokens_title_ = nullptr;
  QLabel* tokens_view_ = nullptr;
  QLabel* memory_title_ = nullptr;
  QProgressBar* memory_bar_ = nullptr;
  QLabel* memory_label_ = nullptr;
  QStackedLayout* pages_ = nullptr;
  QWidget* view_page_ = nullptr;
  QLabel* remote_label_ = nullptr;
};

}  // namespace tramontane::gui
