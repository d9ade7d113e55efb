#include "gui/core/remote_moderation.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <algorithm>

#include "engine/moderation/policy.h"
#include "gui/core/remote_backend.h"

namespace tramontane::gui {
namespace {

constexpr int kFlushMs = 200;

bool retryable(QNetworkReply* reply) {
  if (RemoteTransport::timed_out(reply)) return true;
  const int status = RemoteTransport::http_status(reply);
  if (status == 429 || status >= 500) return true;
  if (status != 0) return false;  // an HTTP answer the server meant
  return reply->error() != QNetworkReply::NoError && reply->error() != QNetworkReply::OperationCanceledError;
}

}  // namespace

RemoteModerator::RemoteModerator(QObject* parent) : QObject(parent) {}

RemoteModerator::~RemoteModerator() { abort_all(); }

bool RemoteModerator::ready(QString* error) const {
  if (!backend_ || !backend_->isConnected()) {
    *error = QCoreApplication::translate("RemoteModerator", "Not connected to a server");
    return false;
  }
  if (!policy_) {
    *error = QCoreApplication::translate("RemoteModerator", "Choose a policy first");
    return false;
  }
  if (request_ != 0) {
    *error = QCoreApplication::translate("RemoteModerator", "Moderation is busy");
    return false;
  }
  return true;
}

void RemoteModerator::classifyText(quint64 requestId, const QString& text) {
  QString error;
  if (!ready(&error)) {
    QTimer::singleShot(0, this, [this, requestId, error] { emit failed(requestId, error); });
    return;
  }
  request_ = requestId;
  single_ = true;
  single_text_ = text;
  rows_.clear();
  ModerationRowResult r;
  r.text = text;
  rows_.append(r);
  queue_.clear();
  Job single;
  single.index = 0;
  queue_.append(single);
  total_ = 1;
  done_ = 0;
  config_ = backend_->config();
  url_ = endpoint(backend_->root(), prompt_format_path(config_.prompt_format));
  labels_.clear();
  for (const auto& l : policy_->labels) labels_.append(QString::fromStdString(l.name));
  run_timer_.start();
  pump();
}

void RemoteModerator::runBatch(quint64 requestId, const QList<ModerationRowResult>& rows) {
  QString error;
  if (!ready(&error)) {
    QTimer::singleShot(0, this, [this, requestId, error] { emit batchFinished(requestId, false, error); });
    return;
  }
  request_ = requestId;
  single_ = false;
  rows_ = rows;
  queue_.clear();
  pending_.clear();
  done_ = 0;
  total_ = rows_.size();
  config_ = backend_->config();
  url_ = endpoint(backend_->root(), prompt_format_path(config_.prompt_format));
  labels_.clear();
  for (const auto& l : policy_->labels) labels_.append(QString::fromStdString(l.name));
  for (int i = 0; i < rows_.size(); ++i) {
    if (!rows_[i].error.isEmpty()) {  // a row the data set could not give a text for
      rows_[i].done = true;
      pending_.append(rows_[i]);
      ++done_;
    } else {
      Job job;
      job.index = i;
      queue_.append(job);
    }
  }
  run_timer_.start();
  flush_timer_.start();
  if (queue_.isEmpty()) {
    QTimer::singleShot(0, this, [this, requestId] {
      if (request_ == requestId) finish(false, QString());
    });
    return;
  }
  pump();
}

void RemoteModerator::pump() {
  const int limit = std::max(1, config_.max_in_flight);
  while (request_ != 0 && in_flight_ < limit && !queue_.isEmpty()) send(queue_.takeFirst());
}

void RemoteModerator::send(const Job& job0) {
  Job job = job0;
  if (!job.timer.isValid()) job.timer.start();
  const std::string filled = policy_->fill(rows_[job.index].text.toStdString());
  const QJsonObject body = moderation_body(config_.model, QString::fromStdString(filled), config_.top_logprobs,
                                           backend_->kind(), backend_->adapters(), config_.prompt_format);
  RemoteTransport transport(backend_->network());
  QNetworkReply* reply = transport.post(url_, config_, body, false, config_.idle_timeout_ms);
  ++in_flight_;
  replies_.append(reply);
  const quint64 request = request_;
  connect(reply, &QNetworkReply::finished, this, [this, reply, job, request] {
    replies_.removeAll(reply);
    reply->deleteLater();
    if (request != request_) return;  // cancelled
    --in_flight_;
    on_reply(reply, job);
  });
}

void RemoteModerator::on_reply(QNetworkReply* reply, Job job) {
  const QByteArray body = reply->readAll();
  const QString err = RemoteTransport::reply_error(reply, body);
  if (!err.isEmpty()) {
    if (retryable(reply) && job.attempt < config_.max_retries) {
      int delay = config_.backoff_ms << std::min(job.attempt, 10);
      delay += int(QRandomGenerator::global()->bounded(delay / 4 + 1));
      const QByteArray after = reply->rawHeader("Retry-After");
      bool ok = false;
      const int seconds = after.trimmed().toInt(&ok);
      if (ok && seconds > 0 && seconds <= 60) delay = std::max(delay, seconds * 1000);
      ++job.attempt;
      ++waiting_;
      auto* timer = new QTimer(this);
      timer->setSingleShot(true);
      retry_timers_.append(timer);
      const quint64 request = request_;
      connect(timer, &QTimer::timeout, this, [this, timer, job, request] {
        retry_timers_.removeAll(timer);
        timer->deleteLater();
        if (request != request_) return;
        --waiting_;
        queue_.prepend(job);  // sent as soon as fewer than max_in_flight are open
        pump();
      });
      timer->start(delay);
      return;
    }
    const QString why = job.attempt > 0 ? QCoreApplication::translate("RemoteModerator", "%1 (attempts: %2)").arg(err).arg(job.attempt + 1) : err;
    complete_row(job.index, why, nullptr, -1, job.timer.nsecsElapsed() / 1e9);
  } else {
    QString perr;
    qint64 prompt_tokens = -1;
    auto top = parse_top_logprobs(body, &perr, &prompt_tokens);
    if (!top) {
      complete_row(job.index, url_.toString() + QStringLiteral(": ") + perr, nullptr, -1, job.timer.nsecsElapsed() / 1e9);
    } else {
      const LabelScores scores = score_labels(*top, labels_);
      complete_row(job.index, QString(), &scores, prompt_tokens, job.timer.nsecsElapsed() / 1e9);
    }
  }
  if (request_ == 0) return;
  if (queue_.isEmpty() && in_flight_ == 0 && waiting_ == 0) {
    finish(false, QString());
    return;
  }
  pump();
}

void RemoteModerator::complete_row(int index, const QString& error, const LabelScores* scores, qint64 prompt_tokens,
                                   double s) {
  ModerationRowResult& r = rows_[index];
  r.done = true;
  r.seconds = s;
  if (prompt_tokens >= 0) r.prompt_tokens = prompt_tokens;
  if (scores) {
    r.has_scores = true;
    r.probs = scores->probs;
    r.top = int(std::max_element(r.probs.begin(), r.probs.end()) - r.probs.begin());
    r.p_unsafe = 1.0 - r.probs.value(int(policy_->safe_index));
    r.computed_tokens = r.prompt_tokens;
  } else {
    r.error = error;
  }
  ++done_;
  if (single_) {
    ModerationVerdict v;
    v.text = single_text_;
    v.prompt = QString::fromStdString(policy_->fill(single_text_.toStdString()));
    v.prompt_tokens = std::max<qint64>(prompt_tokens, 0);
    v.seconds = s;
    v.has_scores = r.has_scores;
    v.p_unsafe = r.p_unsafe;
    v.top = r.top;
    v.probs = r.probs;
    v.error = r.error;
    const quint64 id = request_;
    request_ = 0;
    emit textClassified(id, v);
    return;
  }
  pending_.append(r);
  flush(false);
}

void RemoteModerator::flush(bool force) {
  if (pending_.isEmpty() || request_ == 0) return;
  if (!force && flush_timer_.elapsed() < kFlushMs) return;
  flush_timer_.restart();
  const quint64 id = request_;
  QList<ModerationRowResult> out;
  out.swap(pending_);
  emit rowsDone(id, out);
  const double s = run_timer_.nsecsElapsed() / 1e9;
  const double rate = s > 0 ? double(done_) / s : 0.0;
  emit progress(id, done_, total_, rate, rate > 0 ? double(total_ - done_) / rate : 0.0);
}

void RemoteModerator::finish(bool cancelled, const QString& error) {
  flush(true);
  const quint64 id = request_;
  abort_all();
  request_ = 0;
  queue_.clear();
  emit batchFinished(id, cancelled, error);
}

void RemoteModerator::abort_all() {
  for (auto& t : retry_timers_)
    if (t) t->deleteLater();
  retry_timers_.clear();
  const auto replies = replies_;
  replies_.clear();
  const quint64 keep = request_;
  request_ = 0;  // the replies' finished handlers ignore what follows
  for (const auto& r : replies)
    if (r) r->abort();
  request_ = keep;
  in_flight_ = 0;
  waiting_ = 0;
}

void RemoteModerator::cancel() {
  if (request_ == 0) return;
  if (single_) {
    const quint64 id = request_;
    abort_all();
    request_ = 0;
    emit failed(id, QCoreApplication::translate("RemoteModerator", "Cancelled"));
    return;
  }
  // Rows that were sent but not answered go back to pending (not done).
  finish(true, QString());
}

}  // namespace tramontane::gui
