#include "gui/core/engine_controller.h"

#include <QMetaObject>

#include "gui/core/remote_backend.h"

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
    last_path_ = info.path;
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
    if (remote_mode_) return;  // the local model made way for a server
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
    // A device error dropped the model: load it again (the GPU if it recovered, else the CPU).
    if (reload_needed && !last_path_.isEmpty() && !remote_mode_ && !busy()) loadModel(last_path_, EngineWorker::Backend::Auto);
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

  // The remote backend lives on this thread; queued like the worker's signals, so an answer never
  // arrives inside the call that caused it (stop() included).
  remote_ = new RemoteBackend(this);
  connect(remote_, &RemoteBackend::connected, this, [this](const ModelInfo& info) {
    if (current_ == 0) return;
    remote_mode_ = true;
    loaded_ = true;
    info_ = info;
    // The local model's memory is not needed while the server answers.
    EngineWorker* w = worker_;
    QMetaObject::invokeMethod(w, [w] { w->unloadModel(); }, Qt::QueuedConnection);
    end(current_);
    emit modelLoaded(info);
  }, Qt::QueuedConnection);
  connect(remote_, &RemoteBackend::connectFailed, this, [this](const QString& message) {
    if (current_ == 0) return;
    end(current_);
    emit loadFailed(message, false);
  }, Qt::QueuedConnection);
  connect(remote_, &RemoteBackend::tokens, this, [this](const QString& text, qint64 count) {
    if (current_ != 0 && remote_mode_) emit tokens(text, count);
  }, Qt::QueuedConnection);
  connect(remote_, &RemoteBackend::finished, this, [this](const GenerationResult& result) {
    if (current_ == 0 || !remote_mode_) return;
    end(current_);
    emit finished(result);
  }, Qt::QueuedConnection);
  connect(remote_, &RemoteBackend::failed, this, [this](const QString& message) {
    if (current_ == 0 || !remote_mode_) return;
    end(current_);
    emit failed(message, false);
  }, Qt::QueuedConnection);
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
  leave_remote();
  EngineWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, id, path, backend] { w->loadModel(id, path, static_cast<int>(backend)); }, Qt::QueuedConnection);
  return id;
}

quint64 EngineController::generate(const ChatRequest& request) {
  const quint64 id = begin();
  if (id == 0) return 0;
  if (remote_mode_) {
    QString error;
    if (!remote_->generate(request, &error)) {
      QMetaObject::invokeMethod(this, [this, id, error] {
        if (id != current_) return;
        end(id);
        emit failed(error, false);
      }, Qt::QueuedConnection);
    }
    return id;
  }
  EngineWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, id, request] { w->generate(id, request); }, Qt::QueuedConnection);
  return id;
}

void EngineController::stop() {
  if (current_ == 0) return;
  if (remote_->connecting()) {  // a connection in progress: give it up
    remote_->disconnectFrom();
    const quint64 id = current_;
    QMetaObject::invokeMethod(this, [this, id] {
      if (id != current_) return;
      end(id);
      emit loadFailed(QString(), true);
    }, Qt::QueuedConnection);
    return;
  }
  if (remote_mode_ || remote_->busy()) {
    remote_->stop();
    return;
  }
  worker_->requestStop(current_);
}

quint64 EngineController::connectRemote(const RemoteConfig& config) {
  const quint64 id = begin();
  if (id == 0) return 0;
  leave_remote();
  remote_->connectTo(config);
  return id;
}

void EngineController::leave_remote() {
  if (!remote_mode_) return;
  remote_->disconnectFrom();
  remote_mode_ = false;
  loaded_ = false;
  info_ = ModelInfo{};
  emit modelUnloaded();  // the server's model is gone (a new load or connection is under way)
}

void EngineController::unloadModel() {
  stop();
  if (remote_mode_) {
    leave_remote();
    return;
  }
  EngineWorker* w = worker_;
  QMetaObject::invokeMethod(w, [w] { w->unloadModel(); }, Qt::QueuedConnection);
}

}  // namespace tramontane::gui

namespace tramontane::gui {

void EngineController::inspectAdapter(const QString& path) {
  if (remote_mode_) {
    AdapterInfo info;
    info.path = path;
    info.name = path.section(QLatin1Char(':'), -1);
    for (const auto& a : remote_->adapters()) {
      if (a.key == path) {
        info.name = a.name;
        info.compatible = true;
      }
    }
    if (!info.compatible)
      info.error = tr("The server %1 does not offer this adapter; adapters of a remote model are the server's own")
                       .arg(remote_->root().toString());
    QMetaObject::invokeMethod(this, [this, info] { emit adapterInfo(info); }, Qt::QueuedConnection);
    return;
  }
  EngineWorker* w = worker_;
  QMetaObject::invokeMethod(w, [w, path] { w->inspectAdapter(0, path); }, Qt::QueuedConnection);
}

quint64 EngineController::compare(const ChatRequest& request, const QList<QList<AdapterSpec>>& sets) {
  const quint64 id = begin();
  if (id == 0) return 0;
  if (remote_mode_) {
    QMetaObject::invokeMethod(this, [this, id] {
      if (id != current_) return;
      end(id);
      emit failed(tr("Comparing adapter sets runs on the local engine only; this model is on a server"), false);
    }, Qt::QueuedConnection);
    return id;
  }
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
