#include "gui/core/remote_backend.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QTimer>

namespace tramontane::gui {
namespace {

const char* kTimedOut = "tramontane_timed_out";
const char* kTooLarge = "tramontane_too_large";
// A whole (non-streamed) answer larger than this is refused: model lists, adapter lists and
// moderation answers are a few KiB; a streamed answer is bounded by the SSE parser's limits.
constexpr qint64 kMaxBody = qint64(16) << 20;
const char* kIdleMs = "tramontane_idle_ms";

QNetworkRequest make_request(const QUrl& url, const RemoteConfig& config, bool stream) {
  QNetworkRequest req(url);
  // Redirects only within the same scheme, host and port: the key must not follow one elsewhere.
  req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
  req.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Tramontane"));
  req.setRawHeader("Accept", stream ? "text/event-stream" : "application/json");
  if (!config.api_key.isEmpty()) req.setRawHeader("Authorization", "Bearer " + config.api_key.toUtf8());
  return req;
}

}  // namespace

QNetworkReply* RemoteTransport::arm(QNetworkReply* reply, int idle_ms) {
  reply->setProperty(kIdleMs, idle_ms);
  if (idle_ms <= 0) return reply;
  auto* timer = new QTimer(reply);
  timer->setSingleShot(true);
  timer->setInterval(idle_ms);
  QObject::connect(timer, &QTimer::timeout, reply, [reply] {
    reply->setProperty(kTimedOut, true);
    reply->abort();
  });
  auto restart = [timer] { timer->start(); };
  QObject::connect(reply, &QNetworkReply::readyRead, timer, restart);
  QObject::connect(reply, &QNetworkReply::metaDataChanged, timer, restart);
  QObject::connect(reply, &QNetworkReply::uploadProgress, timer, restart);
  QObject::connect(reply, &QNetworkReply::finished, timer, &QTimer::stop);
  timer->start();
  return reply;
}

QNetworkReply* RemoteTransport::limit(QNetworkReply* reply) {
  QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
    if (received <= kMaxBody || reply->property(kTooLarge).toBool()) return;
    reply->setProperty(kTooLarge, true);
    reply->abort();
  });
  return reply;
}

QNetworkReply* RemoteTransport::get(const QUrl& url, const RemoteConfig& config, int idle_ms) {
  return limit(arm(nam_->get(make_request(url, config, false)), idle_ms));
}

QNetworkReply* RemoteTransport::post(const QUrl& url, const RemoteConfig& config, const QJsonObject& body,
                                     bool stream, int idle_ms) {
  QNetworkRequest req = make_request(url, config, stream);
  req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
  QNetworkReply* reply = arm(nam_->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact)), idle_ms);
  return stream ? reply : limit(reply);
}

bool RemoteTransport::timed_out(QNetworkReply* reply) { return reply->property(kTimedOut).toBool(); }

int RemoteTransport::http_status(QNetworkReply* reply) {
  return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QString RemoteTransport::reply_error(QNetworkReply* reply, const QByteArray& body) {
  const QString where = reply->url().adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toString();
  if (reply->property(kTooLarge).toBool())
    return QCoreApplication::translate("RemoteBackend", "%1: the answer is larger than %2 MiB").arg(where).arg(kMaxBody >> 20);
  if (timed_out(reply)) {
    const int s = (reply->property(kIdleMs).toInt() + 999) / 1000;
    return QCoreApplication::translate("RemoteBackend", "%1: the server sent nothing for %2 s").arg(where).arg(s);
  }
  const int status = http_status(reply);
  if (status != 0 && (status < 200 || status >= 300)) return where + QStringLiteral(": ") + http_error_message(status, body);
  switch (reply->error()) {
    case QNetworkReply::NoError: return QString();
    case QNetworkReply::ConnectionRefusedError:
      return QCoreApplication::translate("RemoteBackend", "%1: nothing answers there (is the server running, and on this port?)").arg(where);
    case QNetworkReply::HostNotFoundError:
      return QCoreApplication::translate("RemoteBackend", "%1: the host name is unknown").arg(where);
    case QNetworkReply::RemoteHostClosedError:
      return QCoreApplication::translate("RemoteBackend", "%1: the server closed the connection").arg(where);
    case QNetworkReply::SslHandshakeFailedError:
      return QCoreApplication::translate("RemoteBackend", "%1: the TLS handshake failed (%2)").arg(where, reply->errorString());
    case QNetworkReply::AuthenticationRequiredError:
      return QCoreApplication::translate("RemoteBackend", "%1: the server wants an API key (or another one)").arg(where);
    default: break;
  }
  return QCoreApplication::translate("RemoteBackend", "%1: %2").arg(where, reply->errorString());
}

// --- RemoteBackend ------------------------------------------------------------------------------

RemoteBackend::RemoteBackend(QObject* parent) : QObject(parent) {}

RemoteBackend::~RemoteBackend() { disconnectFrom(); }

QString RemoteBackend::where() const { return root_.toString(); }

void RemoteBackend::connectTo(const RemoteConfig& config) {
  disconnectFrom();
  config_ = config;
  auto root = server_root(config.base_url);
  if (!root) {
    QTimer::singleShot(0, this, [this, url = config.base_url.toString()] {
      emit connectFailed(QCoreApplication::translate("RemoteBackend", "%1 is not a server address: give http://host:port or https://host/...").arg(url));
    });
    return;
  }
  root_ = *root;
  QNetworkReply* r = transport_.get(endpoint(root_, QStringLiteral("/v1/models")), config_,
                                    std::min(config_.idle_timeout_ms, 30000));
  connecting_ = r;
  connect(r, &QNetworkReply::finished, this, [this, r] { on_models(r); });
}

void RemoteBackend::on_models(QNetworkReply* reply) {
  reply->deleteLater();
  if (reply != connecting_) return;
  connecting_.clear();
  const QByteArray body = reply->readAll();
  QString err = RemoteTransport::reply_error(reply, body);
  if (!err.isEmpty()) {
    emit connectFailed(err);
    return;
  }
  auto models = parse_models(body, &err);
  if (!models) {
    emit connectFailed(where() + QStringLiteral("/v1/models: ") + err);
    return;
  }
  models_ = *models;
  kind_ = detect_kind(models_);
  const RemoteModel* chosen = nullptr;
  for (const auto& m : models_) {
    if (!config_.model.isEmpty() ? m.id == config_.model : m.parent.isEmpty()) {
      chosen = &m;
      break;
    }
  }
  if (!chosen) {
    QStringList ids;
    for (const auto& m : models_) ids.append(m.id);
    emit connectFailed(QCoreApplication::translate("RemoteBackend", "%1 does not serve \"%2\"; it serves: %3").arg(where(), config_.model, ids.join(QStringLiteral(", "))));
    return;
  }
  config_.model = chosen->id;
  info_ = ModelInfo{};
  info_.path = where();
  info_.name = chosen->id;
  info_.backend = QStringLiteral("remote");
  info_.backend_note = QCoreApplication::translate("RemoteBackend", "%1 server at %2").arg(server_kind_name(kind_), where());
  if (config_.prompt_format != PromptFormat::Server)
    info_.backend_note += QCoreApplication::translate("RemoteBackend", " (prompts in %1 format via /v1/completions)")
                              .arg(prompt_format_key(config_.prompt_format));
  info_.context_limit = chosen->context_length;
  adapters_ = kind_ == ServerKind::Vllm ? vllm_adapters(models_, chosen->id) : QList<RemoteAdapter>{};
  if (kind_ == ServerKind::LlamaCpp) {
    QNetworkReply* r = transport_.get(endpoint(root_, QStringLiteral("/lora-adapters")), config_, 15000);
    connecting_ = r;
    connect(r, &QNetworkReply::finished, this, [this, r] { on_adapters(r); });
    return;
  }
  finish_connect();
}

void RemoteBackend::on_adapters(QNetworkReply* reply) {
  reply->deleteLater();
  if (reply != connecting_) return;
  connecting_.clear();
  const QByteArray body = reply->readAll();
  // An older llama.cpp server without the endpoint simply has no adapters to offer.
  if (RemoteTransport::reply_error(reply, body).isEmpty()) {
    QString err;
    if (auto a = parse_lora_adapters(body, &err)) adapters_ = *a;
  }
  finish_connect();
}

void RemoteBackend::finish_connect() {
  connected_ = true;
  emit connected(info_);
}

void RemoteBackend::disconnectFrom() {
  if (connecting_) {
    QNetworkReply* r = connecting_;
    connecting_.clear();
    r->abort();
  }
  if (stream_) {
    QNetworkReply* r = stream_;
    stream_.clear();
    r->disconnect(this);
    r->abort();
    r->deleteLater();
  }
  connected_ = false;
  models_.clear();
  adapters_.clear();
  info_ = ModelInfo{};
}

bool RemoteBackend::generate(const ChatRequest& request, QString* error) {
  if (!connected_) {
    if (error) *error = QCoreApplication::translate("RemoteBackend", "Not connected to a server");
    return false;
  }
  if (busy()) {
    if (error) *error = QCoreApplication::translate("RemoteBackend", "An answer is already streaming");
    return false;
  }
  auto body = request_body(kind_, config_.model, config_.prompt_format, request, true, error, adapters_);
  if (!body) return false;
  sse_ = SseParser{};
  error_body_.clear();
  text_.clear();
  count_ = 0;
  prompt_tokens_ = completion_tokens_ = -1;
  finish_reason_.clear();
  done_ = stopped_ = false;
  stream_error_.clear();
  first_token_.invalidate();
  QNetworkReply* r = transport_.post(endpoint(root_, prompt_format_path(config_.prompt_format)), config_, *body, true,
                                     config_.idle_timeout_ms);
  stream_ = r;
  connect(r, &QNetworkReply::readyRead, this, &RemoteBackend::on_stream_data);
  connect(r, &QNetworkReply::finished, this, &RemoteBackend::on_stream_finished);
  return true;
}

void RemoteBackend::stop() {
  if (!stream_) return;
  stopped_ = true;
  stream_->abort();  // finished() follows synchronously or soon; on_stream_finished reports
}

void RemoteBackend::on_stream_data() {
  QNetworkReply* r = stream_;
  if (!r || !stream_error_.isEmpty()) return;
  const QByteArray bytes = r->readAll();
  const int status = RemoteTransport::http_status(r);
  const QString type = r->header(QNetworkRequest::ContentTypeHeader).toString();
  if ((status != 0 && (status < 200 || status >= 300)) || !type.startsWith(QLatin1String("text/event-stream"))) {
    if (error_body_.size() < (1 << 20)) error_body_.append(bytes);  // an error or a plain JSON answer
    return;
  }
  for (const SseEvent& e : sse_.feed(bytes)) {
    handle_event(e);
    if (!stream_error_.isEmpty()) break;
  }
  if (stream_error_.isEmpty() && sse_.failed()) stream_error_ = sse_.error();
  if (!stream_error_.isEmpty()) r->abort();
}

void RemoteBackend::handle_event(const SseEvent& e) {
  if (e.data.trimmed() == "[DONE]") {
    done_ = true;
    return;
  }
  QString err;
  auto chunk = parse_chat_chunk(e.data, &err);
  if (!chunk) {
    stream_error_ = QCoreApplication::translate("RemoteBackend", "the server sent a malformed event: %1").arg(err);
    return;
  }
  if (!chunk->error.isEmpty() || e.type == "error") {
    stream_error_ = QCoreApplication::translate("RemoteBackend", "the server reported an error mid-answer: %1").arg(chunk->error.isEmpty() ? QString::fromUtf8(e.data.left(300)) : chunk->error);
    return;
  }
  if (chunk->prompt_tokens >= 0) prompt_tokens_ = chunk->prompt_tokens;
  if (chunk->completion_tokens >= 0) completion_tokens_ = chunk->completion_tokens;
  if (!chunk->finish_reason.isEmpty()) finish_reason_ = chunk->finish_reason;
  if (!chunk->text.isEmpty()) {
    if (!first_token_.isValid()) first_token_.start();
    text_ += chunk->text;
    ++count_;
    emit tokens(chunk->text, count_);
  }
}

void RemoteBackend::end_stream() {
  if (stream_) {
    stream_->disconnect(this);
    stream_->deleteLater();
  }
  stream_.clear();
}

void RemoteBackend::on_stream_finished() {
  QNetworkReply* r = stream_;
  if (!r) return;
  if (!stopped_ && stream_error_.isEmpty() && r->bytesAvailable() > 0) on_stream_data();
  const QString where_path = where() + prompt_format_path(config_.prompt_format);
  GenerationResult result;
  result.text = text_;
  result.completion_tokens = completion_tokens_ >= 0 ? completion_tokens_ : count_;
  result.prompt_tokens = std::max<qint64>(prompt_tokens_, 0);
  result.context_used = result.prompt_tokens + result.completion_tokens;
  if (first_token_.isValid() && count_ > 1) {
    const double s = first_token_.nsecsElapsed() / 1e9;
    if (s > 0) result.tokens_per_second = double(count_ - 1) / s;
  }
  if (stopped_) {
    end_stream();
    result.stop_reason = StopReason::Stopped;
    emit finished(result);
    return;
  }
  if (!stream_error_.isEmpty()) {
    end_stream();
    emit failed(where_path + QStringLiteral(": ") + stream_error_);
    return;
  }
  const QString net = RemoteTransport::reply_error(r, error_body_);
  if (!net.isEmpty()) {
    end_stream();
    emit failed(count_ > 0 ? QCoreApplication::translate("RemoteBackend", "%1 (the answer so far is kept)").arg(net) : net);
    return;
  }
  if (!error_body_.isEmpty()) {  // 200 with a whole JSON answer instead of a stream
    QString err;
    auto c = parse_chat_completion(error_body_, &err);
    end_stream();
    if (!c || !c->error.isEmpty()) {
      emit failed(where_path + QStringLiteral(": ") + (c ? c->error : err));
      return;
    }
    result.text = c->text;
    if (!c->text.isEmpty()) emit tokens(c->text, 1);
    result.completion_tokens = c->completion_tokens >= 0 ? c->completion_tokens : (c->text.isEmpty() ? 0 : 1);
    result.prompt_tokens = std::max<qint64>(c->prompt_tokens, 0);
    result.context_used = result.prompt_tokens + result.completion_tokens;
    result.stop_reason = stop_reason_of(c->finish_reason);
    emit finished(result);
    return;
  }
  if (!done_ && finish_reason_.isEmpty()) {
    end_stream();
    emit failed(QCoreApplication::translate("RemoteBackend", "%1: the stream ended before the answer was complete (no finish reason, no [DONE])%2")
                    .arg(where_path, count_ > 0 ? QCoreApplication::translate("RemoteBackend", "; the answer so far is kept") : QString()));
    return;
  }
  end_stream();
  result.stop_reason = stop_reason_of(finish_reason_);
  emit finished(result);
}

}  // namespace tramontane::gui
