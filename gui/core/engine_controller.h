#pragma once
// EngineController: the GUI thread's handle on the EngineWorker. Owns the worker's QThread,
// numbers requests, and re-emits only the signals of the current request (a late token of a
// stopped answer never reaches the view). One request at a time: generate() while busy is
// refused (returns 0).
#include <QObject>
#include <QThread>

#include "gui/core/engine_worker.h"
#include "gui/core/remote_api.h"

namespace tramontane::gui {

class RemoteBackend;

class EngineController : public QObject {
  Q_OBJECT
 public:
  explicit EngineController(QObject* parent = nullptr);
  ~EngineController() override;  // stops what runs, quits and joins the thread

  // Returns the request id (> 0), or 0 when busy.
  quint64 loadModel(const QString& path, EngineWorker::Backend backend = EngineWorker::Backend::Auto);
  quint64 generate(const ChatRequest& request);
  // Stops the current load or generation (within one token), also when the worker has not
  // picked it up yet; the request still answers (loadFailed cancelled / finished Stopped).
  void stop();
  // Stops what runs, then drops the model (modelUnloaded).
  void unloadModel();
  // Asks the worker about an adapter (loads it for the model, through its cache): answered by
  // adapterInfo once the worker is free. Allowed while busy; not a request (no busy change).
  void inspectAdapter(const QString& path);
  // Drops an adapter from the worker's cache.
  void forgetAdapter(const QString& path);
  // One prompt with up to four adapter sets in one batch (EngineWorker::compare); a request like
  // generate(): 0 when busy, stop() stops it, answered by compareFinished or failed.
  quint64 compare(const ChatRequest& request, const QList<QList<AdapterSpec>>& sets);
  // The worker's adapter cache as last reported.
  qint64 adapterCacheBytes() const { return adapter_bytes_; }
  int adapterCacheCount() const { return adapter_count_; }

  // A remote OpenAI-compatible server in place of a local model (remote_backend.h): a request like
  // loadModel (0 when busy), answered by modelLoaded (ModelInfo::backend "remote") or loadFailed.
  // Once connected the local model is unloaded (its memory freed) and generate() and stop() go to
  // the server; compare() is refused and inspectAdapter() answers from the server's adapter list.
  // loadModel() or unloadModel() leave the server.
  quint64 connectRemote(const RemoteConfig& config);
  bool isRemote() const { return remote_mode_; }
  RemoteBackend* remote() const { return remote_; }

  bool busy() const { return current_ != 0; }
  bool isLoaded() const { return loaded_; }
  const ModelInfo& modelInfo() const { return info_; }
  // The worker, for tests (lives on the engine thread).
  EngineWorker* worker() const { return worker_; }

 signals:
  void busyChanged(bool busy);
  void loadProgress(const QString& stage);
  void modelLoaded(const tramontane::gui::ModelInfo& info);
  void loadFailed(const QString& message, bool cancelled);
  void promptReady(const QList<int>& ids);
  void prefillProgress(qint64 done, qint64 total);
  void tokens(const QString& text, qint64 count_so_far);
  void finished(const tramontane::gui::GenerationResult& result);
  // reload_needed: a device error dropped the model (the CUDA context is reset with it); the
  // controller then loads the same model again at once, on the GPU if it works again, else on the
  // CPU (Backend::Auto), and reports it as any load (loadProgress, modelLoaded or loadFailed).
  void failed(const QString& message, bool reload_needed);
  // The model is gone: unloadModel() or a device error (then also `failed` with reload_needed).
  void modelUnloaded();
  void adapterInfo(const tramontane::gui::AdapterInfo& info);
  void adapterCacheChanged(qint64 bytes, int count);
  void compareText(int column, const QString& text_so_far);
  void compareFinished(const QList<tramontane::gui::CompareColumn>& columns);

 private:
  quint64 begin();
  void end(quint64 id);

  void leave_remote();

  QThread thread_;
  EngineWorker* worker_ = nullptr;
  RemoteBackend* remote_ = nullptr;
  bool remote_mode_ = false;
  quint64 next_id_ = 1;
  quint64 current_ = 0;
  bool loaded_ = false;
  ModelInfo info_;
  QString last_path_;   // the local model loaded last (reloaded after a device error)
  qint64 adapter_bytes_ = 0;
  int adapter_count_ = 0;
};

}  // namespace tramontane::gui
