#pragma once
#include <algorithm>
// KvVisualizer (Tools > KV cache and attention…): what the engine does while it generates, live.
//   - ring view: the KV cache's W slots drawn as a ring, each colored by the position it holds
//     (older = cooler), empty slots grey, the write head (n_past mod W) marked;
//   - attention heatmap of the chosen layer and query head (query rows x key columns by absolute
//     position: a prefill chunk gives several rows, decode one), linear or log scale, tooltips with
//     the token text and weight; the head list shows the GQA groups (query heads sharing a KV head);
//   - token strip: the conversation's recent tokens, those inside the window highlighted;
//   - memory gauge: KV bytes used vs reserved (all layers), per layer, the model's bytes;
//   - head ranking: clicking a token of the strip (or Tab to it and Enter) lists the (layer, head)
//     pairs of the shown frame that attend most to its position (the newest query's weight; for a
//     prefill chunk the mean over the chunk's captured queries), top kTopHeads; choosing an entry
//     shows that layer and head in the heatmap. The widget's own subscription captures one layer,
//     so the ranking is over that layer's heads unless another subscriber adds layers;
//   - eviction fade: positions that leave the window stay drawn (ring: a ghost arc on their old
//     slot; strip: their highlight) fading out over kFadeMs, animated at most ~30 fps only while
//     something fades and the view is not paused.
// It subscribes to the worker's probes (EngineWorker::subscribeProbe: one layer, all heads, the KV
// state) while it is shown and unsubscribes when hidden or closed, so a closed visualizer costs the
// engine nothing. Frames arrive through EngineWorker::probeFramesReady (at most ~30 a second);
// Pause freezes the view (frames keep being counted), Step shows the next frame while paused.
// Export: the heatmap as PNG, the captured weights of the layer as .npy [heads, queries, keys].
// While the chat runs on a remote server (EngineController::isRemote) there is nothing to probe:
// the window shows an explanation in place of its view and does not subscribe.
#include <QImage>
#include <QWidget>

#include <QElapsedTimer>

#include <map>
#include <memory>
#include <vector>

#include "engine/runtime/probes.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedLayout;
class QTimer;

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

  // --- head ranking for a token (a click on the strip) ---
  static constexpr int kTopHeads = 8;
  struct HeadRank {
    int layer = 0, head = 0;
    float weight = 0;  // the newest query's weight on the token, or the chunk's mean
  };
  // Selects the token at `pos` (as a click on it in the strip does); -1 clears the selection.
  void selectToken(qint64 pos);
  qint64 selectedToken() const { return selected_pos_; }
  // The ranking for the selected token in the shown frame (weight descending, then layer, head);
  // empty with no selection or when the token is outside the window.
  std::vector<HeadRank> headRanking() const { return ranking_; }
  // What the ranking panel says (its header and entries, or why there is no ranking).
  QString rankingText() const;
  // True when the selected token is outside the newest query's window (evicted: weight 0).
  bool selectedOutsideWindow() const { return selected_outside_; }
  // Shows ranking entry `index` in the heatmap (its layer and head), as clicking it does.
  bool chooseRankedHead(int index);

  // --- eviction fade ---
  static constexpr int kFadeMs = 1000;
  // Positions that left the window less than kFadeMs of unpaused time ago, ascending.
  std::vector<int64_t> fadingPositions() const;
  // 1 just evicted .. 0 gone; 0 for a position that does not fade.
  double fadeLevel(int64_t pos) const;
  // What the last render drew fading: the strip's positions and the ring's slots (ascending).
  std::vector<int64_t> stripFadingPositions() const { return strip_fading_; }
  std::vector<int64_t> ringFadingSlots() const { return ring_fading_; }
  bool fadeAnimating() const;

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
  void take(ProbeFrame&& f);
  void render();
  void renderHeatmap();
  void renderRing();
  void renderTokens();
  void renderMemory();
  void updateHeadChoices(const AttentionFrame& a);
  QString pieceText(int64_t pos) const;
  void computeRanking();
  QString rankingHeader() const;
  QString rankEntry(const HeadRank& r) const;
  void renderRanking();
  // Advances the fade clock by the unpaused time since the last tick and drops finished fades.
  void fadeTick();
  void updateFadeTimer();

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
  std::vector<AttentionFrame> frame_attention_;  // every layer of the newest frame with attention
  int pending_head_ = -1;              // head to show once a frame of the chosen layer arrives
  qint64 selected_pos_ = -1;
  bool selected_outside_ = false;
  std::vector<HeadRank> ranking_;
  // Eviction fade: position -> fade clock (ms) at its eviction; the clock runs only unpaused.
  std::map<int64_t, double> fading_;
  double fade_clock_ms_ = 0;
  QElapsedTimer fade_elapsed_;
  QTimer* fade_timer_ = nullptr;
  std::vector<int64_t> strip_fading_, ring_fading_;
  QString strip_html_;

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
  QLabel* ranking_label_ = nullptr;
  QListWidget* ranking_list_ = nullptr;
  QLabel* memory_title_ = nullptr;
  QProgressBar* memory_bar_ = nullptr;
  QLabel* memory_label_ = nullptr;
  QStackedLayout* pages_ = nullptr;
  QWidget* view_page_ = nullptr;
  QLabel* remote_label_ = nullptr;
};

}  // namespace tramontane::gui
