#include "gui/core/engine_controller.h"

#include <QMetaObject>

namespace tramontane::gui {

EngineController::EngineController(QObject* parent) : QObject(parent), worker_(new EngineWorker) {
  thread_.setObjectName(QStringLiteral("engine"));
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

  // The worker lives on thread_: these connections are queued and run on this object's thread.
  connect(worker_, &EngineWorker::loadProgress, this, [this](quint64 id, const QString& stage) {
    if (id == current_) emit loadProgress(stage);
  });
  connect(worker_, &EngineWorker::modelLoaded, this, [this](quint64 id, const ModelInfo& info) {
    loaded_ = true;  // the worker's model changed whoever asked
    info_ = info;
    if (id != current_) return;
    end(id);
    emit modelLoaded(info);
  });
  connect(worker_, &EngineWorker::loadFailed, this, [this](quint64 id, const QString& message, bool cancelled) {
    if (id != current_) return;
    end(id);
    emit loadFailed(message, cancelled);
  });
  connect(worker_, &EngineWorker::modelUnloaded, this, [this] {
    loaded_ = false;
    info_ = ModelInfo{};
    emit modelUnloaded();
  });
  connect(worker_, &EngineWorker::promptReady, this, [this](quint64 id, const QList<int>& ids) {
    if (id == current_) emit promptReady(ids);
  });
  connect(worker_, &EngineWorker::prefillProgress, this, [this](quint64 id, qint64 done, qint64 total) {
    if (id == current_) emit prefillProgress(done, total);
  });
  connect(worker_, &EngineWorker::tokens, this, [this](quint64 id, const QString& text, qint64 count) {
    if (id == current_) emit tokens(text, count);
  });
  connect(worker_, &EngineWorker::finished, this, [this](quint64 id, const GenerationResult& result) {
    if (id != current_) return;
    end(id);
    emit finished(result);
  });
  connect(worker_, &EngineWorker::failed, this, [this](quint64 id, const QString& message, bool reload_needed) {
    if (id != current_) return;
    end(id);
    emit failed(message, reload_needed);
  });
  connect(worker_, &EngineWorker::compareText, this, [this](quint64 id, int column, const QString& text) {
    if (id == current_) emit compareText(column, text);
  });
  connect(worker_, &EngineWorker::compareFinished, this, [this](quint64 id, const QList<CompareColumn>& columns) {
    if (id != current_) return;
    end(id);
    emit compareFinished(columns);
  });
  connect(worker_, &EngineWorker::adapterInfo, this,
          [this](quint64, const AdapterInfo& info) { emit adapterInfo(info); });
  connect(worker_, &EngineWorker::adapterCacheChanged, this, [this](qint64 bytes, int count) {
    adapter_bytes_ = bytes;
    adapter_count_ = count;
    emit adapterCacheChanged(bytes, count);
  });
  thread_.start();
}

EngineController::~EngineController() {
  // Everything issued so far (the current request, running or queued) stops within one token;
  // the event loop then quits and the worker is deleted on its thread (QThread::finished).
  worker_->requestStop(next_id_ - 1);
  thread_.quit();
  thread_.wait();
}

quint64 EngineController::begin() {
  if (current_ != 0) return 0;
  current_ = next_id_++;
  emit busyChanged(true);
  return current_;
}

void EngineController::end(quint64 id) {
  if (id != current_ || id == 0) return;
  current_ = 0;
  emit busyChanged(false);
}

quint64 EngineController::loadModel(const QString& path, EngineWorker::Backend backend) {
  const quint64 id = begin();
  if (id == 0) return 0;
  EngineWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, id, path, backend] { w->loadModel(id, path, static_cast<int>(backend)); }, Qt::QueuedConnection);
  return id;
}

quint64 EngineController::generate(const ChatRequest& request) {
  const quint64 id = begin();
  if (id == 0) return 0;
  EngineWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, id, request] { w->generate(id, request); }, Qt::QueuedConnection);
  return id;
}

void EngineController::stop() {
  if (current_ != 0) worker_->requestStop(current_);
}

void EngineController::unloadModel() {
  stop();
  EngineWorker* w = worker_;
  QMetaObject::invokeMethod(w, [w] { w->unloadModel(); }, Qt::QueuedConnection);
}

}  // namespace tramontane::gui

namespace tramontane::gui {

void EngineController::inspectAdapter(const QString& path) {
  EngineWorker* w = worker_;
  QMetaObject::invokeMethod(w, [w, path] { w->inspectAdapter(0, path); }, Qt::QueuedConnection);
}

quint64 EngineController::compare(const ChatRequest& request, const QList<QList<AdapterSpec>>& sets) {
  const quint64 id = begin();
  if (id == 0) return 0;
  EngineWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, id, request, sets] { w->compare(id, request, sets); }, Qt::QueuedConnection);
  return id;
}

void EngineController::forgetAdapter(const QString& path) {
  EngineWorker* w = worker_;
  QMetaObject::invokeMethod(w, [w, path] { w->forgetAdapter(path); }, Qt::QueuedConnection);
}

}  // namespace tramontane::gui
