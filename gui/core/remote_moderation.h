#pragma once
// RemoteModerator: the moderation classifier on a remote OpenAI-compatible server
// (remote_backend.h), with the same requests and answers as the local ModerationWorker, so the
// ModerationController, its results model and the moderation store do not know the difference.
//
// One text = one POST /v1/chat/completions (remote_api.h moderation_body: the policy's prompt with
// the text as the user message, max_tokens 1, temperature 0, top_logprobs K), or one POST
// /v1/completions with that message rendered in RemoteConfig::prompt_format ("logprobs": K); the label
// probabilities come from the first answer token's top logprobs (remote_api.h score_labels).
// A batch keeps at most RemoteConfig::max_in_flight requests in flight. A request that fails with
// a network error, a timeout, HTTP 429 or a 5xx is sent again after backoff_ms, doubled each time
// (a Retry-After header of at most 60 s is honoured), up to max_retries times; other HTTP errors
// and unreadable answers fail the row (its error names the server and the problem) and the batch
// goes on. Finished rows are emitted in order of completion (rowsDone, a few at a time), so a
// cancelled batch keeps them and resume() sends only the rest. cancel() aborts what is in flight.
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

#include "gui/core/moderation_worker.h"
#include "gui/core/remote_api.h"

namespace tramontane::moderation {
struct Policy;
}

namespace tramontane::gui {

class RemoteBackend;

class RemoteModerator : public QObject {
  Q_OBJECT
 public:
  explicit RemoteModerator(QObject* parent = nullptr);
  ~RemoteModerator() override;

  // The server (its address, key, model and limits are read when a request starts).
  void setBackend(RemoteBackend* backend) { backend_ = backend; }
  RemoteBackend* backend() const { return backend_; }
  void setPolicy(std::shared_ptr<const moderation::Policy> policy) { policy_ = std::move(policy); }
  bool busy() const { return request_ != 0; }

  void classifyText(quint64 requestId, const QString& text);
  void runBatch(quint64 requestId, const QList<tramontane::gui::ModerationRowResult>& rows);
  // Aborts the request in progress: batchFinished(cancelled) with the finished rows kept.
  void cancel();

 signals:
  void failed(quint64 requestId, const QString& message);
  void textClassified(quint64 requestId, const tramontane::gui::ModerationVerdict& verdict);
  void rowsDone(quint64 requestId, const QList<tramontane::gui::ModerationRowResult>& rows);
  void progress(quint64 requestId, qint64 done, qint64 total, double rate, double eta_seconds);
  void batchFinished(quint64 requestId, bool cancelled, const QString& error);

 private:
  struct Job {
    int index = -1;        // into rows_ (-1: the single text)
    int attempt = 0;
    QElapsedTimer timer;
  };
  bool ready(QString* error) const;
  void pump();                          // sends while below the limit
  void send(const Job& job);
  void on_reply(QNetworkReply* reply, Job job);
  void complete_row(int index, const QString& error, const LabelScores* scores, qint64 prompt_tokens, double s);
  void flush(bool force);
  void finish(bool cancelled, const QString& error);
  void abort_all();

  QPointer<RemoteBackend> backend_;
  std::shared_ptr<const moderation::Policy> policy_;
  RemoteConfig config_;                 // of the request in progress
  QUrl url_;
  QStringList labels_;
  quint64 request_ = 0;
  bool single_ = false;
  QString single_text_;
  QList<ModerationRowResult> rows_;
  QList<Job> queue_;                    // rows still to send (retries first, once their delay passed)
  int in_flight_ = 0;
  int waiting_ = 0;                     // retries scheduled
  qint64 done_ = 0;
  qint64 total_ = 0;
  QList<ModerationRowResult> pending_;  // finished rows not emitted yet
  QElapsedTimer run_timer_;
  QElapsedTimer flush_timer_;
  QList<QPointer<QNetworkReply>> replies_;
  QList<QPointer<QTimer>> retry_timers_;
};

}  // namespace tramontane::gui
