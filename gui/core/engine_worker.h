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
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "gui/core/chat_types.h"

namespace tramontane {
class Engine;
class Session;
struct Error;
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

struct ChatRequest {
  QString system_prompt;        // empty: none; reaches the model through the chat template
  QList<ChatTurn> turns;        // user first, alternating, ending with a user turn
  SamplingSettings sampling;
  bool stop_at_context = true;  // with a sliding window, stop at the trained context anyway
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
};

class EngineWorker : public QObject {
  Q_OBJECT
 public:
  static constexpr int kTokenIntervalMs = 16;
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

 public slots:
  // Loads a model directory or .gguf; replaces the current model only on success.
  void loadModel(quint64 requestId, const QString& path, int backend);
  void unloadModel();
  // Builds the prompt with the model's chat template (system prompt included), prefills what
  // is new, streams the answer.
  void generate(quint64 requestId, const tramontane::gui::ChatRequest& request);

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

 private:
  void begin_request(quint64 requestId);
  // Emits `failed`; a device error (CUDA) first drops the engine and emits modelUnloaded.
  void fail(quint64 requestId, const tramontane::Error& error);

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Session> session_;
  std::atomic<bool> stop_{false};            // the engine's cancel flag for the running request
  std::atomic<quint64> current_id_{0};       // the request started last
  std::atomic<quint64> stop_through_{0};     // requests with an id <= this are stopped
};

}  // namespace tramontane::gui

Q_DECLARE_METATYPE(tramontane::gui::ChatRequest)
Q_DECLARE_METATYPE(tramontane::gui::ModelInfo)
Q_DECLARE_METATYPE(tramontane::gui::GenerationResult)
