#pragma once
// ModerationWorker: content moderation (engine/moderation/classifier.h) on its own QThread,
// beside the chat's EngineWorker and independent of it. It loads its own Engine on the CPU from
// the chat model's path (the Classifier runs on the CPU Model): the weights are memory-mapped, so
// with the chat engine also on the CPU both map the same file and the page cache holds the
// weights once (the address space is mapped twice; the KV caches are separate). With the chat
// on CUDA the moderation engine costs the file's size in host RAM as its pages are touched.
//
// The GUI talks to it through queued slots; requestCancel() is the one call from any thread (an
// atomic flag checked between batches). Every request carries an id that its answers repeat.
// Batches run in chunks of the batch size: each chunk's rows are emitted (rowsDone) as soon as
// they are scored, so a cancelled run keeps its finished rows and a resumed run only sends the
// rest.
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

#include <atomic>
#include <memory>
#include <optional>

#include "gui/core/moderation_results_model.h"

namespace tramontane {
class Engine;
namespace moderation {
class Classifier;
struct Dataset;
struct Policy;
}
}  // namespace tramontane

namespace tramontane::gui {

using DatasetPtr = std::shared_ptr<const moderation::Dataset>;

struct ModerationPolicyInfo {
  QString name;
  QString title;
  QString origin;            // "built-in" or the file
  QStringList labels;
  int safe_index = 0;
  double threshold = 0.5;    // the policy's default
  qint64 prefix_tokens = 0;  // the shared prompt prefix computed once
};

struct ModerationVerdict {
  QString text;
  QString prompt;            // the exact prompt sent, tokens decoded (control tokens as written)
  qint64 prompt_tokens = 0;
  bool has_scores = false;
  double p_unsafe = 0;
  int top = -1;
  QList<double> probs;       // [labels]
  double seconds = 0;
  QString error;
};

class ModerationWorker : public QObject {
  Q_OBJECT
 public:
  explicit ModerationWorker(QObject* parent = nullptr);
  ~ModerationWorker() override;

  // Any thread: stops the batch in progress after its current chunk (batchFinished cancelled).
  void requestCancel() { cancel_.store(true); }
  // Clears the flag; the controller calls it before sending a new request.
  void resetCancel() { cancel_.store(false); }

 public slots:
  // Loads the model (only when the path changed) and makes the classifier for `policy` (a
  // built-in name or a policy file). prepared / failed.
  void prepare(quint64 requestId, const QString& modelPath, const QString& policy, int batchSize);
  // One text: textClassified (also for a per-text error, in ModerationVerdict::error) / failed.
  void classifyText(quint64 requestId, const QString& text);
  // Classifies the rows' texts (rows with an error already are passed back as they are).
  void runBatch(quint64 requestId, const QList<tramontane::gui::ModerationRowResult>& rows);
  void unload();
  // Drops the classifier, so that the next prepare makes it again (a policy file was rewritten).
  void resetClassifier();
  // Reads a CSV / JSONL file (format by its name) off the GUI thread: datasetRead.
  void readDataset(quint64 requestId, const QString& path);

 signals:
  // `data` is null when the file could not be read (`error` says why).
  void datasetRead(quint64 requestId, const QString& path, const tramontane::gui::DatasetPtr& data,
                   const QString& error);
  void prepared(quint64 requestId, const tramontane::gui::ModerationPolicyInfo& info);
  void failed(quint64 requestId, const QString& message);
  void textClassified(quint64 requestId, const tramontane::gui::ModerationVerdict& verdict);
  void rowsDone(quint64 requestId, const QList<tramontane::gui::ModerationRowResult>& rows);
  // After each chunk: rows done in this request, of `total`; texts per second; seconds left.
  void progress(quint64 requestId, qint64 done, qint64 total, double rate, double eta_seconds);
  void batchFinished(quint64 requestId, bool cancelled, const QString& error);

 private:
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<moderation::Classifier> classifier_;
  QString model_path_;
  QString policy_;
  int batch_size_ = 0;
  std::atomic<bool> cancel_{false};
};

// The GUI side: owns the worker's thread, numbers requests, keeps the results model and writes
// runs to the ModerationStore when one is set. With a remote server set (setRemote) the same
// requests go to a RemoteModerator (remote_moderation.h) instead of the local worker.
class ModerationStore;
class RemoteBackend;
class RemoteModerator;

class ModerationController : public QObject {
  Q_OBJECT
 public:
  explicit ModerationController(QObject* parent = nullptr);
  ~ModerationController() override;   // cancels, quits and joins the thread

  // The model to moderate with; an empty path also drops the worker's engine (its memory).
  void setModelPath(const QString& path);
  QString modelPath() const { return model_path_; }
  QString modelName() const;
  // Moderate on this server (connected; nullptr: the local model again). Drops the local engine.
  void setRemote(RemoteBackend* backend);
  bool isRemote() const;
  // A built-in name or a policy file; read now (errors returned) so the labels are known.
  std::optional<QString> setPolicy(const QString& nameOrPath);
  const ModerationPolicyInfo& policy() const { return policy_; }
  QString policyKey() const { return policy_key_; }
  void setBatchSize(int n) { batch_size_ = n; }
  void setStore(ModerationStore* store) { store_ = store; }

  // Single text.
  quint64 classify(const QString& text);

  // Batch. openDataset reads the file (CSV or JSONL by its name) on the worker thread and
  // answers datasetOpened; columns() then lists its columns and preview() its first rows.
  // Returns false when busy.
  bool openDataset(const QString& path);
  QString datasetPath() const { return dataset_path_; }
  QStringList columns() const { return columns_; }
  QList<QStringList> preview(int rows) const;
  // Starts a new run over every row: `textColumn` classified, `labelColumn` (may be empty) the
  // truth. Errors: no data set, unknown column, no model, busy.
  std::optional<QString> startBatch(const QString& textColumn, const QString& labelColumn);
  // Runs the rows of the current run still without a result (after a cancel or a failure).
  std::optional<QString> resume();
  void cancel();
  bool busy() const { return current_ != 0; }
  bool canResume() const { return !busy() && !results_.pendingRows().isEmpty(); }
  qint64 runId() const { return run_id_; }
  // Shows a run stored in the ModerationStore in results(), without running anything: its
  // stored rows (a cancelled run: the finished ones) at the run's threshold; threshold changes
  // are then saved to that run. The labels are the current policy's when its name is the run's
  // policy (set it first), else the names stored with the rows; the truth of each row comes from
  // its label (moderation::label_is_positive). Errors: busy, no store, no such run.
  std::optional<QString> openRun(qint64 runId);
  // The run was deleted from the store: nothing is written to it any more.
  void forgetRun(qint64 runId);
  void saveThreshold() { save_counts(false); }

  ModerationResultsModel* results() { return &results_; }
  void setThreshold(double t);
  double threshold() const { return results_.threshold(); }
  ModerationWorker* worker() const { return worker_; }

 signals:
  void busyChanged(bool busy);
  void verdictReady(const tramontane::gui::ModerationVerdict& verdict);
  void progress(qint64 done, qint64 total, double rate, double eta_seconds);
  void batchFinished(bool cancelled, const QString& error);
  void failed(const QString& message);
  void policyPrepared(const tramontane::gui::ModerationPolicyInfo& info);
  // The file asked for by openDataset is read (error empty) or not (the previous one stays).
  void datasetOpened(const QString& path, const QString& error);

 private:
  std::optional<QString> send_rows(const QList<int>& indexes);
  void on_failed(quint64 id, const QString& message);
  void on_text(quint64 id, const ModerationVerdict& v);
  void on_rows(quint64 id, const QList<ModerationRowResult>& rows);
  void on_progress(quint64 id, qint64 done, qint64 total, double rate, double eta);
  void on_batch_finished(quint64 id, bool cancelled, const QString& error);
  quint64 begin();
  void end();
  void save_counts(bool finished);

  QThread* thread_ = nullptr;
  ModerationWorker* worker_ = nullptr;
  RemoteModerator* remote_ = nullptr;
  ModerationStore* store_ = nullptr;
  QString model_path_;
  QString policy_key_;
  ModerationPolicyInfo policy_;
  int batch_size_ = 8;
  quint64 next_id_ = 1;
  quint64 current_ = 0;
  qint64 base_done_ = 0;     // rows done before the current request (a resume)
  qint64 run_total_ = 0;

  QString dataset_path_;
  QStringList columns_;
  std::shared_ptr<const moderation::Dataset> dataset_;
  std::shared_ptr<const moderation::Policy> policy_obj_;
  ModerationResultsModel results_;
  qint64 run_id_ = 0;
};

}  // namespace tramontane::gui

Q_DECLARE_METATYPE(tramontane::gui::ModerationPolicyInfo)
Q_DECLARE_METATYPE(tramontane::gui::ModerationVerdict)
Q_DECLARE_METATYPE(tramontane::gui::ModerationRowResult)
Q_DECLARE_METATYPE(tramontane::gui::DatasetPtr)
