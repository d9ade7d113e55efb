#include "gui/core/moderation_worker.h"

#include "gui/core/remote_backend.h"
#include "gui/core/remote_moderation.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/moderation/classifier.h"
#include "engine/moderation/dataset.h"
#include "engine/moderation/policy.h"
#include "engine/runtime/engine.h"
#include "gui/core/moderation_store.h"

namespace tramontane::gui {

namespace {

void register_metatypes() {
  static const bool once = [] {
    qRegisterMetaType<tramontane::gui::ModerationPolicyInfo>();
    qRegisterMetaType<tramontane::gui::ModerationVerdict>();
    qRegisterMetaType<tramontane::gui::ModerationRowResult>();
    qRegisterMetaType<QList<tramontane::gui::ModerationRowResult>>();
    qRegisterMetaType<tramontane::gui::DatasetPtr>();
    return true;
  }();
  (void)once;
}

QString qstr(const std::string& s) { return QString::fromStdString(s); }

// The prompt as the model sees it: control tokens written as their pieces ("<s>", "[INST]"),
// the runs of ordinary tokens between them decoded.
QString prompt_text(const Engine& engine, const std::vector<int32_t>& ids) {
  const Tokenizer& tok = engine.tokenizer();
  std::string out;
  std::vector<int32_t> run;
  auto flush = [&] {
    if (run.empty()) return;
    auto text = tok.decode(run);
    out += text ? *text : std::string("?");
    run.clear();
  };
  for (int32_t id : ids) {
    if (tok.is_control(id)) {
      flush();
      out += tok.piece(id);
    } else {
      run.push_back(id);
    }
  }
  flush();
  return QString::fromUtf8(out.data(), static_cast<qsizetype>(out.size()));
}

void fill_scores(ModerationRowResult& r, const moderation::ModerationResult& m) {
  r.has_scores = true;
  r.p_unsafe = m.p_unsafe;
  r.top = static_cast<int>(m.top);
  r.probs = QList<double>(m.probs.begin(), m.probs.end());
  r.prompt_tokens = m.prompt_tokens;
  r.computed_tokens = m.computed_tokens;
  r.seconds = m.seconds;
}

}  // namespace

ModerationWorker::ModerationWorker(QObject* parent) : QObject(parent) { register_metatypes(); }

ModerationWorker::~ModerationWorker() {
  classifier_.reset();  // points into engine_
  engine_.reset();
}

void ModerationWorker::unload() {
  classifier_.reset();
  engine_.reset();
  model_path_.clear();
}

void ModerationWorker::readDataset(quint64 requestId, const QString& path) {
  const std::string p = path.toStdString();
  const auto format = moderation::dataset_format_of(p);
  if (!format) {
    emit datasetRead(requestId, path, nullptr, tr("%1: not a .csv or .jsonl file").arg(path));
    return;
  }
  auto data = moderation::read_dataset(p, *format);
  if (!data) {
    emit datasetRead(requestId, path, nullptr, qstr(data.error().message));
    return;
  }
  emit datasetRead(requestId, path, std::make_shared<const moderation::Dataset>(std::move(*data)), QString());
}

void ModerationWorker::resetClassifier() { classifier_.reset(); }

void ModerationWorker::prepare(quint64 requestId, const QString& modelPath, const QString& policy, int batchSize) {
  if (modelPath.isEmpty()) {
    emit failed(requestId, tr("No model is loaded: open a model first"));
    return;
  }
  if (!engine_ || modelPath != model_path_) {
    classifier_.reset();
    engine_.reset();
    model_path_.clear();
    // The classifier runs on the CPU model, whatever backend the chat uses.
    // Cancel stops the load too (the request then fails with the engine's "cancelled" message).
    auto engine = Engine::load(modelPath.toStdString(), {.backend = BackendKind::Cpu, .cancel = &cancel_});
    if (!engine) {
      emit failed(requestId, qstr(engine.error().message));
      return;
    }
    engine_ = std::move(*engine);
    model_path_ = modelPath;
  }
  if (!classifier_ || policy != policy_ || batchSize != batch_size_) {
    classifier_.reset();
    auto p = moderation::resolve_policy(policy.toStdString());
    if (!p) {
      emit failed(requestId, qstr(p.error().message));
      return;
    }
    moderation::ClassifierOptions opts;
    opts.batch_size = std::max(1, batchSize);
    auto c = moderation::Classifier::create(*engine_, std::move(*p), opts);
    if (!c) {
      emit failed(requestId, qstr(c.error().message));
      return;
    }
    classifier_ = std::make_unique<moderation::Classifier>(std::move(*c));
    policy_ = policy;
    batch_size_ = batchSize;
  }
  const moderation::Policy& p = classifier_->policy();
  ModerationPolicyInfo info;
  info.name = qstr(p.name);
  info.title = qstr(p.title);
  info.origin = qstr(p.origin);
  for (const auto& l : p.labels) info.labels.append(qstr(l.name));
  info.safe_index = static_cast<int>(p.safe_index);
  info.threshold = p.threshold;
  info.prefix_tokens = static_cast<qint64>(classifier_->prefix_tokens().size());
  emit prepared(requestId, info);
}

void ModerationWorker::classifyText(quint64 requestId, const QString& text) {
  if (!classifier_) {
    emit failed(requestId, tr("The moderation model is not ready"));
    return;
  }
  ModerationVerdict v;
  v.text = text;
  const std::string utf8 = text.toStdString();
  if (auto ids = classifier_->prompt_tokens(utf8)) {
    v.prompt = prompt_text(*engine_, *ids);
    v.prompt_tokens = static_cast<qint64>(ids->size());
  }
  QElapsedTimer timer;
  timer.start();
  auto r = classifier_->classify(utf8);
  v.seconds = timer.nsecsElapsed() / 1e9;
  if (!r) {
    v.error = qstr(r.error().message);
  } else {
    v.has_scores = true;
    v.p_unsafe = r->p_unsafe;
    v.top = static_cast<int>(r->top);
    v.probs = QList<double>(r->probs.begin(), r->probs.end());
  }
  emit textClassified(requestId, v);
}

void ModerationWorker::runBatch(quint64 requestId, const QList<ModerationRowResult>& rows) {
  if (!classifier_) {
    emit batchFinished(requestId, false, tr("The moderation model is not ready"));
    return;
  }
  const qint64 total = rows.size();
  const int chunk = std::max(1, batch_size_);
  QElapsedTimer timer;
  timer.start();
  qint64 done = 0;
  for (qint64 start = 0; start < total; start += chunk) {
    if (cancel_.load()) {
      emit batchFinished(requestId, true, QString());
      return;
    }
    const qint64 end = std::min<qint64>(total, start + chunk);
    QList<ModerationRowResult> out;
    std::vector<std::string> texts;
    std::vector<int> slot;  // out index of texts[i]
    for (qint64 i = start; i < end; ++i) {
      ModerationRowResult r = rows[i];
      r.done = true;
      if (r.error.isEmpty()) {
        texts.push_back(r.text.toStdString());
        slot.push_back(static_cast<int>(out.size()));
      }
      out.append(std::move(r));
    }
    if (!texts.empty()) {
      auto results = classifier_->classify_batch(texts, {}, &cancel_);
      if (!results) {
        emit batchFinished(requestId, false, qstr(results.error().message));
        return;
      }
      bool cancelled = false;
      for (size_t i = 0; i < texts.size(); ++i) {
        ModerationRowResult& r = out[slot[i]];
        const auto& res = (*results)[i];
        if (res) {
          fill_scores(r, *res);
        } else if (res.error().kind == ErrorKind::Cancelled) {
          cancelled = true;
          r.done = false;
        } else {
          r.error = qstr(res.error().message);
        }
      }
      if (cancelled) {
        QList<ModerationRowResult> finished;
        for (const auto& r : out) {
          if (r.done) finished.append(r);
        }
        if (!finished.isEmpty()) emit rowsDone(requestId, finished);
        emit batchFinished(requestId, true, QString());
        return;
      }
    }
    done = end;
    emit rowsDone(requestId, out);
    const double s = timer.nsecsElapsed() / 1e9;
    const double rate = s > 0 ? double(done) / s : 0.0;
    emit progress(requestId, done, total, rate, rate > 0 ? double(total - done) / rate : 0.0);
  }
  emit batchFinished(requestId, false, QString());
}

// --- ModerationController ---------------------------------------------------------------------

ModerationController::ModerationController(QObject* parent) : QObject(parent) {
  register_metatypes();
  thread_ = new QThread(this);
  thread_->setObjectName(QStringLiteral("moderation"));
  worker_ = new ModerationWorker;
  worker_->moveToThread(thread_);
  connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_->start();

  connect(worker_, &ModerationWorker::prepared, this, [this](quint64 id, const ModerationPolicyInfo& info) {
    if (id != current_) return;
    policy_ = info;
    emit policyPrepared(info);
  });
  connect(worker_, &ModerationWorker::failed, this, &ModerationController::on_failed);
  connect(worker_, &ModerationWorker::datasetRead, this,
          [this](quint64 id, const QString& path, const DatasetPtr& data, const QString& error) {
            if (id != current_) return;
            if (data) {
              dataset_path_ = path;
              columns_.clear();
              for (const auto& c : data->columns) columns_.append(qstr(c));
              dataset_ = data;
            }
            end();
            emit datasetOpened(path, error);
          });
  connect(worker_, &ModerationWorker::textClassified, this, &ModerationController::on_text);
  connect(worker_, &ModerationWorker::rowsDone, this, &ModerationController::on_rows);
  connect(worker_, &ModerationWorker::progress, this, &ModerationController::on_progress);
  connect(worker_, &ModerationWorker::batchFinished, this, &ModerationController::on_batch_finished);

  remote_ = new RemoteModerator(this);
  connect(remote_, &RemoteModerator::failed, this, &ModerationController::on_failed);
  connect(remote_, &RemoteModerator::textClassified, this, &ModerationController::on_text);
  connect(remote_, &RemoteModerator::rowsDone, this, &ModerationController::on_rows);
  connect(remote_, &RemoteModerator::progress, this, &ModerationController::on_progress);
  connect(remote_, &RemoteModerator::batchFinished, this, &ModerationController::on_batch_finished);
}

void ModerationController::on_failed(quint64 id, const QString& message) {
  if (id != current_) return;
  end();
  emit failed(message);
}

void ModerationController::on_text(quint64 id, const ModerationVerdict& v) {
  if (id != current_) return;
  end();
  emit verdictReady(v);
}

void ModerationController::on_rows(quint64 id, const QList<ModerationRowResult>& rows) {
  if (id != current_) return;
  results_.applyResults(rows);
  if (store_ && run_id_) {
    if (auto err = store_->save_results(run_id_, results_.labels(), rows)) emit failed(*err);
    save_counts(false);
  }
}

void ModerationController::on_progress(quint64 id, qint64 done, qint64, double rate, double) {
  if (id != current_) return;
  const qint64 all_done = base_done_ + done;
  emit progress(all_done, run_total_, rate, rate > 0 ? double(run_total_ - all_done) / rate : 0.0);
}

void ModerationController::on_batch_finished(quint64 id, bool cancelled, const QString& error) {
  if (id != current_) return;
  save_counts(!cancelled && error.isEmpty() && results_.pendingRows().isEmpty());
  end();
  emit batchFinished(cancelled, error);
}

ModerationController::~ModerationController() {
  worker_->requestCancel();
  thread_->quit();
  thread_->wait();
}

void ModerationController::setModelPath(const QString& path) {
  model_path_ = path;
  if (path.isEmpty()) QMetaObject::invokeMethod(worker_, "unload", Qt::QueuedConnection);
}

QString ModerationController::modelName() const {
  if (isRemote()) return remote_->backend()->modelInfo().name;
  return QFileInfo(model_path_).fileName();
}

void ModerationController::setRemote(RemoteBackend* backend) {
  if (busy()) cancel();
  remote_->setBackend(backend);
  if (backend) QMetaObject::invokeMethod(worker_, "unload", Qt::QueuedConnection);  // its memory
}

bool ModerationController::isRemote() const {
  return remote_->backend() != nullptr && remote_->backend()->isConnected();
}

std::optional<QString> ModerationController::setPolicy(const QString& nameOrPath) {
  auto p = moderation::resolve_policy(nameOrPath.toStdString());
  if (!p) return qstr(p.error().message);
  policy_key_ = nameOrPath;
  ModerationPolicyInfo info;
  info.name = qstr(p->name);
  info.title = qstr(p->title);
  info.origin = qstr(p->origin);
  for (const auto& l : p->labels) info.labels.append(qstr(l.name));
  info.safe_index = static_cast<int>(p->safe_index);
  info.threshold = p->threshold;
  policy_ = info;
  policy_obj_ = std::make_shared<const moderation::Policy>(std::move(*p));
  // The same key may name a rewritten file (the policy editor): the worker makes its classifier again.
  QMetaObject::invokeMethod(worker_, "resetClassifier", Qt::QueuedConnection);
  remote_->setPolicy(policy_obj_);
  return std::nullopt;
}

quint64 ModerationController::begin() {
  current_ = next_id_++;
  emit busyChanged(true);
  return current_;
}

void ModerationController::end() {
  current_ = 0;
  emit busyChanged(false);
}

quint64 ModerationController::classify(const QString& text) {
  if (busy() || !policy_obj_) return 0;
  const quint64 id = begin();
  if (isRemote()) {
    remote_->classifyText(id, text);
    return id;
  }
  QMetaObject::invokeMethod(worker_, "prepare", Qt::QueuedConnection, Q_ARG(quint64, id),
                            Q_ARG(QString, model_path_), Q_ARG(QString, policy_key_), Q_ARG(int, batch_size_));
  QMetaObject::invokeMethod(worker_, "classifyText", Qt::QueuedConnection, Q_ARG(quint64, id), Q_ARG(QString, text));
  return id;
}

bool ModerationController::openDataset(const QString& path) {
  if (busy()) return false;
  const quint64 id = begin();
  QMetaObject::invokeMethod(worker_, "readDataset", Qt::QueuedConnection, Q_ARG(quint64, id), Q_ARG(QString, path));
  return true;
}

QList<QStringList> ModerationController::preview(int rows) const {
  QList<QStringList> out;
  if (!dataset_) return out;
  for (const auto& row : dataset_->rows) {
    if (out.size() >= rows) break;
    QStringList values;
    if (!row.error.empty()) {
      values.append(qstr(row.error));
    } else {
      for (const auto& v : row.values) values.append(v ? qstr(*v).left(200) : QString());
    }
    out.append(values);
  }
  return out;
}

std::optional<QString> ModerationController::startBatch(const QString& textColumn, const QString& labelColumn) {
  if (busy()) return tr("Moderation is busy");
  if (!dataset_) return tr("Open a data file first");
  if (!policy_obj_) return tr("Choose a policy first");
  if (model_path_.isEmpty() && !isRemote()) return tr("No model is loaded: open a model first");
  const auto text_col = dataset_->column(textColumn.toStdString());
  if (!text_col) return tr("%1: no column '%2'").arg(dataset_path_, textColumn);
  std::optional<size_t> label_col;
  if (!labelColumn.isEmpty()) {
    label_col = dataset_->column(labelColumn.toStdString());
    if (!label_col) return tr("%1: no column '%2'").arg(dataset_path_, labelColumn);
  }
  QList<ModerationRowResult> rows;
  rows.reserve(static_cast<qsizetype>(dataset_->rows.size()));
  for (size_t i = 0; i < dataset_->rows.size(); ++i) {
    const auto& d = dataset_->rows[i];
    ModerationRowResult r;
    r.row = static_cast<int>(i + 1);
    r.line = d.line;
    auto text = dataset_->text(d, *text_col);
    if (text) r.text = qstr(*text);
    else r.error = qstr(text.error().message);
    if (label_col && d.error.empty() && d.values[*label_col]) {
      r.label = qstr(*d.values[*label_col]);
      const auto positive = moderation::label_is_positive(*d.values[*label_col], *policy_obj_);
      if (positive) r.truth = *positive;
    }
    rows.append(std::move(r));
  }
  results_.reset(policy_.labels, std::move(rows));
  run_total_ = results_.rows().size();
  run_id_ = 0;
  if (store_) {
    ModerationRun run;
    run.model = modelName();
    run.policy = policy_.name;
    run.threshold = results_.threshold();
    run.source = dataset_path_;
    run.text_column = textColumn;
    run.label_column = labelColumn;
    run.total_rows = run_total_;
    auto id = store_->create_run(run);
    if (!id) return id.error();
    run_id_ = *id;
  }
  QList<int> all;
  for (int i = 0; i < results_.rows().size(); ++i) all.append(i);
  return send_rows(all);
}

std::optional<QString> ModerationController::resume() {
  if (busy()) return tr("Moderation is busy");
  const QList<int> pending = results_.pendingRows();
  if (pending.isEmpty()) return tr("Every row has a result");
  return send_rows(pending);
}

std::optional<QString> ModerationController::send_rows(const QList<int>& indexes) {
  QList<ModerationRowResult> rows;
  rows.reserve(indexes.size());
  for (int i : indexes) rows.append(results_.rows()[i]);
  base_done_ = run_total_ - rows.size();
  worker_->resetCancel();   // no request runs now: the last one has answered
  const quint64 id = begin();
  if (isRemote()) {
    emit progress(base_done_, run_total_, 0, 0);
    remote_->runBatch(id, rows);
    return std::nullopt;
  }
  QMetaObject::invokeMethod(worker_, "prepare", Qt::QueuedConnection, Q_ARG(quint64, id),
                            Q_ARG(QString, model_path_), Q_ARG(QString, policy_key_), Q_ARG(int, batch_size_));
  QMetaObject::invokeMethod(worker_, "runBatch", Qt::QueuedConnection, Q_ARG(quint64, id),
                            Q_ARG(QList<tramontane::gui::ModerationRowResult>, rows));
  emit progress(base_done_, run_total_, 0, 0);
  return std::nullopt;
}

std::optional<QString> ModerationController::openRun(qint64 runId) {
  if (busy()) return tr("Moderation is busy");
  if (!store_) return tr("Runs are not stored");
  auto run = store_->run(runId);
  if (!run) return run.error();
  const bool same_policy = policy_obj_ && policy_.name == run->policy;
  QStringList labels;
  if (same_policy) {
    labels = policy_.labels;
  } else {
    auto stored = store_->result_labels(runId);
    if (!stored) return stored.error();
    labels = *stored;
  }
  auto rows = store_->results(runId, labels);
  if (!rows) return rows.error();
  // The truth as startBatch derives it; without the run's policy, its safe label is unknown.
  moderation::Policy unknown;
  unknown.labels.push_back({"\x01", ""});
  const moderation::Policy& truth_policy = same_policy ? *policy_obj_ : unknown;
  for (ModerationRowResult& r : *rows) {
    if (r.label.isEmpty()) continue;
    const auto positive = moderation::label_is_positive(r.label.toStdString(), truth_policy);
    if (positive) r.truth = *positive;
  }
  results_.reset(labels, std::move(*rows));
  results_.setThreshold(run->threshold);
  run_id_ = runId;
  run_total_ = run->total_rows;
  base_done_ = results_.doneCount();
  return std::nullopt;
}

void ModerationController::forgetRun(qint64 runId) {
  if (run_id_ == runId) run_id_ = 0;
}

void ModerationController::cancel() {
  if (!busy()) return;
  if (remote_->busy()) remote_->cancel();
  else worker_->requestCancel();
}

void ModerationController::setThreshold(double t) {
  results_.setThreshold(t);
}

void ModerationController::save_counts(bool finished) {
  if (!store_ || !run_id_) return;
  if (auto err = store_->update_counts(run_id_, results_.threshold(), results_.doneCount(), results_.flaggedCount(),
                                       results_.errorCount(), finished)) {
    emit failed(*err);
  }
}

}  // namespace tramontane::gui
