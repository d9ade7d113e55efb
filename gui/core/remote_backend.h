#pragma once
// RemoteBackend: chat on an OpenAI-compatible server (llama.cpp's server, vLLM, TGI, ...) with
// Qt Network, on the GUI thread (every call is asynchronous; nothing blocks). EngineController
// drives it in place of the local EngineWorker once connectTo() succeeded, with the same signals,
// so the chat window, its history and the status bar work unchanged (docs/REMOTE.md).
//
// connectTo(): GET /v1/models (the model: the configured id, else the first base model), then on
// llama.cpp's server GET /lora-adapters; answers connected(info) or connectFailed(message).
// generate(): POST /v1/chat/completions with "stream": true (or /v1/completions with the prompt
// rendered by Tramontane: RemoteConfig::prompt_format, remote_prompt.h); each SSE chunk's text
// (delta.content, or a completion chunk's text) is emitted at
// once (tokens(text, count), one chunk counted as one token); finished() after "data: [DONE]" or a
// finish_reason. stop() aborts the request: finished with StopReason::Stopped and the text so far.
// Failures -- nothing answering, an HTTP error, the connection dropped mid-stream, no bytes for
// idle_timeout_ms, a malformed event -- are `failed(message)` naming the server and the problem;
// ChatFlow keeps the partial answer (StopReason::Error) as with a local failure.
//
// The API key travels only in the Authorization header; RemoteBackend never writes it anywhere
// (remote_settings.h keeps it in the system keychain).
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>

#include "gui/core/remote_api.h"
#include "gui/core/remote_sse.h"

namespace tramontane::gui {

// Sends requests with the config's key and an idle timeout (no bytes for `idle_ms`: aborted, and
// reply_error() says so); a whole (non-streamed) answer over 16 MiB is aborted too. Shared by the
// chat and the moderation.
class RemoteTransport {
 public:
  explicit RemoteTransport(QNetworkAccessManager* nam) : nam_(nam) {}
  QNetworkReply* get(const QUrl& url, const RemoteConfig& config, int idle_ms);
  QNetworkReply* post(const QUrl& url, const RemoteConfig& config, const QJsonObject& body, bool stream, int idle_ms);
  // A readable message for a finished reply that failed (network error, timeout or HTTP error),
  // or "" when it succeeded (HTTP 2xx). `body` is what was read of it.
  static QString reply_error(QNetworkReply* reply, const QByteArray& body);
  static bool timed_out(QNetworkReply* reply);
  static int http_status(QNetworkReply* reply);

 private:
  QNetworkReply* arm(QNetworkReply* reply, int idle_ms);
  static QNetworkReply* limit(QNetworkReply* reply);
  QNetworkAccessManager* nam_;
};

class RemoteBackend : public QObject {
  Q_OBJECT
 public:
  explicit RemoteBackend(QObject* parent = nullptr);
  ~RemoteBackend() override;

  void connectTo(const RemoteConfig& config);
  // Aborts what runs (no signal for it) and forgets the server.
  void disconnectFrom();
  bool isConnected() const { return connected_; }
  bool busy() const { return !stream_.isNull(); }
  bool connecting() const { return !connecting_.isNull(); }
  const RemoteConfig& config() const { return config_; }
  QUrl root() const { return root_; }
  ServerKind kind() const { return kind_; }
  const QList<RemoteModel>& models() const { return models_; }
  const QList<RemoteAdapter>& adapters() const { return adapters_; }
  ModelInfo modelInfo() const { return info_; }
  QNetworkAccessManager* network() { return &nam_; }

  // Starts streaming an answer; false (and `error`) when not connected, busy, or the adapter set
  // cannot be sent to this server.
  bool generate(const ChatRequest& request, QString* error);
  // Stops the answer in progress: finished(Stopped) with the text so far.
  void stop();

 signals:
  void connected(const tramontane::gui::ModelInfo& info);
  void connectFailed(const QString& message);
  void tokens(const QString& text, qint64 count_so_far);
  void finished(const tramontane::gui::GenerationResult& result);
  void failed(const QString& message);

 private:
  void on_models(QNetworkReply* reply);
  void on_adapters(QNetworkReply* reply);
  void finish_connect();
  void on_stream_data();
  void on_stream_finished();
  void handle_event(const SseEvent& e);
  void end_stream();
  QString where() const;  // "http://host:port"

  QNetworkAccessManager nam_;
  RemoteTransport transport_{&nam_};
  RemoteConfig config_;
  QUrl root_;
  bool connected_ = false;
  ServerKind kind_ = ServerKind::Generic;
  QList<RemoteModel> models_;
  QList<RemoteAdapter> adapters_;
  ModelInfo info_;
  QPointer<QNetworkReply> connecting_;

  // The answer being streamed.
  QPointer<QNetworkReply> stream_;
  SseParser sse_;
  QByteArray error_body_;     // the body of a non-2xx answer
  QString text_;
  qint64 count_ = 0;
  qint64 prompt_tokens_ = -1;
  qint64 completion_tokens_ = -1;
  QString finish_reason_;
  bool done_ = false;         // "data: [DONE]" seen
  bool stopped_ = false;      // stop() aborted it
  QString stream_error_;      // a malformed event or an error event: abort with this message
  QElapsedTimer first_token_;
};

}  // namespace tramontane::gui
