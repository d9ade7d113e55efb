#pragma once
// EngineWorker: the engine (engine/runtime Engine + Session) on its own QThread. The GUI talks to
// it only through queued signals and slots; the one exception is requestStop(), which sets an
// atomic flag the engine checks between load steps, prefill chunks and generated tokens (so Stop
// takes effect within one token).
//
//   auto* thread = new QThread;  auto* worker = new EngineWorker;  worker->moveToThread(thread);
//   connect(thread, &QThread::finished, worker, &QObject::deleteLater);  thread->start();
//   QMetaObject::invokeMethod(worker, "loadModel", Qt::QueuedConnection, ...);
// EngineController (engine_controller.h) wraps exactly this for the GUI.
//
// Every request carries a requestId chosen by the caller; every signal answering it repeats it,
// so a late signal of an abandoned request can be ignored.
// Token text is coalesced: the first text of an answer is emitted at once, later text at most
// once per kTokenIntervalMs (one frame) with all text released since the last emission, and the
// rest once more at the end before `finished`. count_so_far counts the tokens generated so far.
// A stopped request (load or answer) is not a failure: loadFailed(cancelled = true) or finished
// with StopReason::Stopped (and the text so far).
// The worker keeps one Session: a request whose prompt extends the previous conversation only
// prefills the new tokens (Session::prefill_to).
//
// LoRA adapters (engine/lora/adapter.h): each ChatRequest carries its adapter set, a list of
// {path, scale, enabled}. The worker keeps the adapters it loaded in an LRU cache keyed by path
// (loaded on demand for the loaded model, at most kAdapterCacheBytes of float32 A/B copies, the
// least recently used dropped first; emptied when the model changes) and builds the
// lora::AdapterSet of each request from it; the model is never reloaded or merged. Entries that
// are disabled or have scale 0 are not loaded (they change nothing). An enabled adapter that
// cannot be loaded or does not fit the model fails the request (`failed`, naming the adapter).
//
// Cache policy when the set changes from one request to the next (any change of the active
// entries: an adapter added, removed, enabled, disabled or scaled): the conversation is
// RECOMPUTED, i.e. the session is reset and the whole prompt is prefilled with the new set, so
// an answer depends only on its prompt and the set recorded with it (what a fresh session with
// that set gives, bit for bit). The engine's own policy (adapter.h: rows already in the cache
// stay as computed) would make an answer depend on the sets of earlier turns, which the stored
// message could not describe. While the set stays the same, the cache is reused as before. The
// switch itself costs no load (adapters in the cache) and takes effect from the first token the
// request feeds.
#include <QJsonArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <QElapsedTimer>

#include <atomic>
#include <list>
#include <memory>
#include <vector>
#include <mutex>
#include <optional>

#include "gui/core/chat_types.h"

namespace tramontane {
class Engine;
class Probes;
class Session;
struct Error;
struct ProbeSpec;
namespace lora {
struct Adapter;
class AdapterSet;
}  // namespace lora
}  // namespace tramontane

namespace tramontane::gui {

struct ChatTurn {
  Role role = Role::User;  // User or Assistant (the system prompt is separate)
  QString text;
};

struct SamplingSettings {
  double temperature = 0.7;  // 0 = greedy
  int top_k = 40;            // 0 = off
  double top_p = 0.95;       // 1 = off
  double min_p = 0.0;
  double repeat_penalty = 1.0;
  qint64 seed = 0;           // 0 = a new random seed per answer (recorded in the result)
  int max_tokens = 1024;
  QJsonObject to_json() const;
  static SamplingSettings from_json(const QJsonObject& o);  // missing keys keep the defaults
};

// One adapter of a request's set. Stored per conversation and with each answer as
// {"name": ..., "path": ..., "scale": 1.0, "enabled": true}.
struct AdapterSpec {
  QString path;            // a PEFT adapter directory or a llama.cpp GGUF LoRA file
  double scale = 1.0;      // the user's scale, 0..2
  bool enabled = true;
  QString name() const;    // the last path component
  bool active() const { return enabled && scale > 0; }
  QJsonObject to_json() const;
  static std::optional<AdapterSpec> from_json(const QJsonObject& o);  // nullopt without a path
  friend bool operator==(const AdapterSpec&, const AdapterSpec&) = default;
};
QJsonArray adapters_to_json(const QList<AdapterSpec>& set);
QList<AdapterSpec> adapters_from_json(const QJsonArray& a);

// What the worker knows of an adapter (EngineWorker::inspectAdapter).
struct AdapterInfo {
  QString path;
  QString name;
  QString base_model;       // base_model_name_or_path it was trained for ("" when unknown)
  qint64 rank = 0;
  double alpha = 0;
  bool use_rslora = false;
  QStringList targets;      // "q_proj", ...
  qint64 bytes = 0;         // memory of its A/B copies once loaded (0: not loaded)
  bool compatible = false;  // loads and fits the loaded model
  QString error;            // why not (empty when compatible)
};

// One column of a comparison (EngineWorker::compare): the answer with one adapter set.
struct CompareColumn {
  QList<AdapterSpec> adapters;
  QString text;
  qint64 tokens = 0;
  double ms_per_token = 0;     // wall time of the batch steps this column took part in, per token
  StopReason stop_reason = StopReason::None;
};

struct ChatRequest {
  QString system_prompt;        // empty: none; reaches the model through the chat template
  QList<ChatTurn> turns;        // user first, alternating, ending with a user turn
  SamplingSettings sampling;
  bool stop_at_context = true;  // with a sliding window, stop at the trained context anyway
  QList<AdapterSpec> adapters;  // the LoRA set of this answer (empty: the base model)
};

struct ModelInfo {
  QString path;
  QString name;          // file or directory name
  QString backend;       // "cpu" or "cuda"
  QString backend_note;  // the CUDA device and memory, or why the CPU was chosen
  QString chat_template; // "v1" / "v3"
  qint64 window = 0;     // sliding window (0: none)
  qint64 context_limit = 0;
  qint64 n_vocab = 0;
  qint64 model_bytes = 0;
};

struct GenerationResult {
  QString text;
  StopReason stop_reason = StopReason::None;
  qint64 prompt_tokens = 0;
  qint64 completion_tokens = 0;
  qint64 context_used = 0;      // positions in the session after the answer
  double tokens_per_second = 0;
  qint64 seed = 0;              // the seed actually used
  bool recomputed = false;      // the adapter set changed: the whole prompt was prefilled again
};

class EngineWorker : public QObject {
  Q_OBJECT
 public:
  static constexpr int kTokenIntervalMs = 16;
  static constexpr int kMaxCompare = 4;
  static constexpr qint64 kAdapterCacheBytes = qint64(1) << 30;  // loaded adapters kept at most
  enum class Backend { Auto = 0, Cpu = 1, Cuda = 2 };

  explicit EngineWorker(QObject* parent = nullptr);
  ~EngineWorker() override;

  // Any thread. Request ids must increase from one request to the next (EngineController's do).
  //
  // requestStop(): stops the load, prefill or generation in progress (the request started last),
  // within one token. A request that starts afterwards is not affected: the flag is cleared when
  // the next request starts.
  //
  // requestStop(id): stops request `id` and every request with a smaller id, whether it is running
  // now or still queued: a queued one answers as soon as it starts, without loading or generating
  // (loadFailed with cancelled == true; finished with StopReason::Stopped and no text). Requests
  // with a larger id are not affected. This is what EngineController::stop() uses, so a Stop
  // pressed before the worker picked the request up is not lost.
  void requestStop();
  void requestStop(quint64 requestId);
  // Any thread, for tests: the running or next generation fails at its next token as a CUDA
  // device error does (Internal, "cuda: ..."), or with `out_of_memory` as the device running out of
  // memory does (Resource, "cuda: ...: out of memory"), so the recovery path (engine dropped,
  // device reset, EngineController's reload) can be exercised on a machine without a GPU.
  void injectDeviceFault(bool out_of_memory = false) {
    inject_fault_ = out_of_memory ? InjectedFault::OutOfMemory : InjectedFault::Sticky;
  }

 public slots:
  // Loads a model directory or .gguf; replaces the current model only on success.
  void loadModel(quint64 requestId, const QString& path, int backend);
  void unloadModel();
  // Builds the prompt with the model's chat template (system prompt included), prefills what
  // is new, streams the answer.
  void generate(quint64 requestId, const tramontane::gui::ChatRequest& request);
  // Reads an adapter for the loaded model (through the cache, so a later request finds it
  // loaded) and answers with adapterInfo. Without a model only the configuration is read
  // (compatible = false, error says why). Does not touch the running request's stop flag.
  void inspectAdapter(quint64 requestId, const QString& path);
  // Drops an adapter from the cache (the manager removed it).
  void forgetAdapter(const QString& path);
  // Compare view: one prompt (request's turns and system prompt, its sampling with one seed for
  // all) answered with up to kMaxCompare adapter sets at once, in one batch: every step feeds
  // each unfinished column's token through Model::forward_batch (the CPU model, each column with
  // its own fresh KV cache and adapter set). Streams compareText, ends with compareFinished (or
  // failed); stops like generate(). The chat session and its cache are not touched.
  void compare(quint64 requestId, const tramontane::gui::ChatRequest& request,
               const QList<QList<tramontane::gui::AdapterSpec>>& sets);

 signals:
  void loadProgress(quint64 requestId, const QString& stage);
  void modelLoaded(quint64 requestId, const tramontane::gui::ModelInfo& info);
  void loadFailed(quint64 requestId, const QString& message, bool cancelled);
  void modelUnloaded();
  // The prompt token ids of a request, before prefill (tests check presets through this).
  void promptReady(quint64 requestId, const QList<int>& ids);
  void prefillProgress(quint64 requestId, qint64 done, qint64 total);
  void tokens(quint64 requestId, const QString& text, qint64 count_so_far);
  void finished(quint64 requestId, const tramontane::gui::GenerationResult& result);
  // A failed request (bad input, out of memory, a GPU error); the worker stays usable. When
  // `reload_needed` the engine was dropped (device error) and the model must be loaded again.
  void failed(quint64 requestId, const QString& message, bool reload_needed);
  void adapterInfo(quint64 requestId, const tramontane::gui::AdapterInfo& info);
  // The adapter cache changed: `count` adapters loaded, `bytes` of memory (apart from the model's).
  void adapterCacheChanged(qint64 bytes, int count);
  void compareText(quint64 requestId, int column, const QString& text_so_far);
  void compareFinished(quint64 requestId, const QList<tramontane::gui::CompareColumn>& columns);
  // New probe frames up to `lastSeq` are in probes() (at most ~30 a second).
  void probeFramesReady(quint64 lastSeq);

 public:
  // Any thread: the cache's size after the last change.
  qint64 adapterCacheBytes() const { return cache_bytes_.load(); }
  int adapterCacheCount() const { return cache_count_.load(); }

  // Probes (engine/runtime/probes.h) on the worker's session, for the KV cache and attention
  // visualizer. Any thread. With no subscription the engine runs as without probes. While one
  // exists, each forward step leaves a frame in probes()'s bounded ring and probeFramesReady is
  // emitted at most once per kProbeIntervalMs (and once more at the end of a request).
  static constexpr int kProbeIntervalMs = 33;
  int subscribeProbe(const tramontane::ProbeSpec& spec);
  void unsubscribeProbe(int id);
  bool updateProbe(int id, const tramontane::ProbeSpec& spec);
  int probeSubscriberCount() const;
  std::shared_ptr<tramontane::Probes> probes() const { return probes_; }
  // Any thread: the loaded model's token pieces as text (index = token id); empty without a model.
  std::shared_ptr<const QStringList> tokenPieces() const;
  // Any thread: the token ids the conversation's cache holds (index = position), as of the end of
  // the last prefill or answer; empty without a model. The visualizer's token strip starts here.
  std::shared_ptr<const std::vector<int32_t>> historyTokens() const;

 private:
  struct CachedAdapter {
    QString path;
    std::shared_ptr<const lora::Adapter> adapter;
  };
  // The adapter at `path` for the loaded model, from the cache or loaded now (then most recent).
  std::shared_ptr<const lora::Adapter> adapter_for(const QString& path, QString* error);
  void evict_adapters();
  void clear_adapters();
  void publish_cache();
  // Builds active_set_ from `specs`; false (and `error`) when an enabled adapter fails.
  bool build_set(const QList<AdapterSpec>& specs, QString* error);
  // A set from `specs` into `out`; false (and `error`) as build_set.
  bool make_set(const QList<AdapterSpec>& specs, lora::AdapterSet& out, QString* error);
  // The chat prompt of `request`, or emits failed and returns false.
  bool prompt_ids(quint64 requestId, const ChatRequest& request, std::vector<int32_t>& ids);

  void begin_request(quint64 requestId);
  // Emits probeFramesReady when there are new frames and kProbeIntervalMs passed (or `force`).
  void signal_probes(bool force);
  // Emits `failed`; a device error (CUDA) first drops the engine and emits modelUnloaded.
  void fail(quint64 requestId, const tramontane::Error& error);

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Session> session_;
  std::atomic<bool> stop_{false};            // the engine's cancel flag for the running request
  enum class InjectedFault { None, Sticky, OutOfMemory };
  std::atomic<InjectedFault> inject_fault_{InjectedFault::None};  // injectDeviceFault()
  std::atomic<quint64> current_id_{0};       // the request started last
  std::atomic<quint64> stop_through_{0};     // requests with an id <= this are stopped
  std::list<CachedAdapter> adapters_;        // most recently used first
  std::unique_ptr<lora::AdapterSet> active_set_;  // the set the session reads
  QList<AdapterSpec> cache_set_;             // the active entries the session's cache was computed with
  std::atomic<qint64> cache_bytes_{0};
  std::atomic<int> cache_count_{0};
  std::shared_ptr<Probes> probes_;           // outlives every session that feeds it
  QElapsedTimer probe_timer_;
  quint64 probe_signalled_ = 0;              // last seq announced
  mutable std::mutex pieces_mu_;
  std::shared_ptr<const QStringList> pieces_;
  std::shared_ptr<const std::vector<int32_t>> history_;  // guarded by pieces_mu_
  void publish_history();  // worker thread: history_ := the session's history
};

}  // namespace tramontane::gui

Q_DECLARE_METATYPE(tramontane::gui::ChatRequest)
Q_DECLARE_METATYPE(tramontane::gui::ModelInfo)
Q_DECLARE_METATYPE(tramontane::gui::GenerationResult)
Q_DECLARE_METATYPE(tramontane::gui::AdapterInfo)
Q_DECLARE_METATYPE(tramontane::gui::AdapterSpec)
Q_DECLARE_METATYPE(tramontane::gui::CompareColumn)
