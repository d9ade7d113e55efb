#pragma once
// The OpenAI-compatible HTTP API as the remote backend speaks it: request bodies and response
// parsing, with no networking (remote_backend.h sends them). Pure functions, unit-tested and
// fuzzed.
//
// Endpoints used (paths relative to the server's root; a base URL ending in "/v1" is accepted):
//   GET  /v1/models               the served models; vLLM lists each LoRA adapter as a model whose
//                                 "parent" is the base model
//   POST /v1/chat/completions     chat, streamed as Server-Sent Events ("data: {chunk}" ... "data:
//                                 [DONE]"); moderation with "max_tokens": 1, "logprobs": true,
//                                 "top_logprobs": K (the first answer token's K most probable
//                                 tokens), the server applying the model's own chat template
//   POST /v1/completions          the same with the prompt rendered by Tramontane (remote_prompt.h)
//                                 when RemoteConfig::prompt_format is not Server: "prompt",
//                                 chunks' choices[0].text; moderation with "logprobs": K
//   GET  /lora-adapters           llama.cpp's server: its adapters [{"id", "path", "scale"}]; a
//                                 request chooses them with "lora": [{"id", "scale"}]
//
// Moderation scoring from top logprobs (score_labels): the answer the model would write for a
// label is the label's text, after a space for SentencePiece models ("▁safe"). Each label takes
// the log-probability of the LONGEST of the K tokens that is a prefix of " " + label or of label
// (its first token as the model would write it). A label none of the K tokens begins is given
// the smallest of the K log-probabilities (an upper bound: its true probability is lower) and is
// reported as `missing`. Labels that begin with the same token (mistral13's three "un..." labels)
// cannot be told apart from the first token: they share its probability evenly (`ambiguous`). The
// probabilities are the softmax of these scores over the labels, as the local classifier
// normalises its label scores. With single-token labels this is exactly the local engine's score;
// with longer labels it reads the first token only (docs/REMOTE.md).
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

#include "gui/core/engine_worker.h"
#include "gui/core/remote_prompt.h"

namespace tramontane::gui {

enum class ServerKind { Generic = 0, LlamaCpp = 1, Vllm = 2 };
QString server_kind_name(ServerKind k);

struct RemoteConfig {
  QUrl base_url;                   // http(s)://host:port, with or without a trailing /v1
  QString api_key;                 // sent as "Authorization: Bearer"; never stored in the history
  QString model;                   // the model id; empty: the first base model the server lists
  int idle_timeout_ms = 120000;    // longest wait for the next bytes of an answer
  int max_in_flight = 4;           // moderation requests at once
  int max_retries = 3;             // per moderation request, on 429, 5xx and network errors
  int backoff_ms = 500;            // first retry delay; doubles each retry (with jitter)
  int top_logprobs = 20;           // K of the moderation request (vLLM and OpenAI allow <= 20)
  // Server: /v1/chat/completions with the server's chat template; else /v1/completions with the
  // prompt rendered here (remote_prompt.h).
  PromptFormat prompt_format = PromptFormat::Server;
};

// The server's root (scheme, host, port, path prefix without a trailing "/v1" or "/"). Errors
// (nullopt): not http/https, no host.
std::optional<QUrl> server_root(const QUrl& base_url);
// The root + path ("/v1/models").
QUrl endpoint(const QUrl& root, const QString& path);

struct RemoteModel {
  QString id;
  QString owned_by;
  QString parent;          // vLLM: the base model of a LoRA adapter ("" for a base model)
  qint64 context_length = 0;  // max_model_len (vLLM) or meta.n_ctx_train (llama.cpp) when given
};

struct RemoteAdapter {
  QString key;    // what AdapterSpec::path holds for it: remote_adapter_path()
  QString name;   // the path's last component (llama.cpp) or the model id (vLLM)
  int id = -1;    // llama.cpp's adapter id
  double scale = 1.0;  // llama.cpp: the server's default scale
};

// "remote-lora:<id>:<name>" (llama.cpp) / "remote-model:<id>" (vLLM), so adapter sets of remote
// answers are stored like local ones and never mistaken for files.
QString remote_adapter_path(ServerKind kind, const RemoteAdapter& a);
bool is_remote_adapter_path(const QString& path);

// Parses /v1/models. Errors name the problem ("not JSON", "no data list").
std::optional<QList<RemoteModel>> parse_models(const QByteArray& body, QString* error);
// Guesses the kind from /v1/models (owned_by "llamacpp" / "vllm").
ServerKind detect_kind(const QList<RemoteModel>& models);
// The base models (no parent) and the adapters of `base` (vLLM).
QList<RemoteAdapter> vllm_adapters(const QList<RemoteModel>& models, const QString& base);
// Parses llama.cpp's GET /lora-adapters.
std::optional<QList<RemoteAdapter>> parse_lora_adapters(const QByteArray& body, QString* error);

// The chat request body for `request` (system prompt first when non-empty; turns in order). The
// sampling fields every server takes (temperature, top_p, max_tokens, seed when not 0) always;
// top_k, min_p and the repetition penalty under the names llama.cpp / vLLM read them, only for
// those kinds. Adapters: llama.cpp "lora": [{"id", "scale"}] for every adapter of
// `server_adapters` (the server's GET /lora-adapters), the active ones at their scale and the
// others at 0 (llama.cpp keeps a slot's adapters from the previous request otherwise); vLLM
// "model": the adapter's id (one adapter at scale 1 at most). Errors: an adapter set the server
// cannot take (`error` says why).
std::optional<QJsonObject> chat_body(ServerKind kind, const QString& model, const ChatRequest& request,
                                     bool stream, QString* error, const QList<RemoteAdapter>& server_adapters = {});
// The /v1/completions request (RemoteConfig::prompt_format not Server): "prompt" the conversation
// rendered by render_prompt (remote_prompt.h), "stop": ["<|im_end|>"] for ChatML, and the same
// stream, sampling and adapter fields as chat_body. Errors: a conversation the format refuses,
// an adapter set the server cannot take.
std::optional<QJsonObject> completions_body(ServerKind kind, const QString& model, PromptFormat format,
                                            const ChatRequest& request, bool stream, QString* error,
                                            const QList<RemoteAdapter>& server_adapters = {});
// chat_body (format Server) or completions_body; sent to prompt_format_path(format).
std::optional<QJsonObject> request_body(ServerKind kind, const QString& model, PromptFormat format,
                                        const ChatRequest& request, bool stream, QString* error,
                                        const QList<RemoteAdapter>& server_adapters = {});
// The moderation request: one user message, max_tokens 1, temperature 0, logprobs; on a
// llama.cpp server with adapters, every adapter at scale 0 (moderation runs on the base model).
// Format Server: /v1/chat/completions with "logprobs": true, "top_logprobs": K; another format:
// /v1/completions with "prompt" the rendered user message and "logprobs": K (the completions
// API's integer).
QJsonObject moderation_body(const QString& model, const QString& user_text, int top_logprobs,
                            ServerKind kind = ServerKind::Generic, const QList<RemoteAdapter>& server_adapters = {},
                            PromptFormat format = PromptFormat::Server);

// One streamed chunk's data (a JSON object).
struct ChatChunk {
  QString text;           // choices[0].delta.content (or .text); "" when none
  QString finish_reason;  // "stop", "length", ... ("" while streaming)
  QString error;          // the server sent an error object instead of a chunk
  qint64 prompt_tokens = -1;      // usage, when the chunk carries it
  qint64 completion_tokens = -1;
};
// Parses one "data:" payload; nullopt and `error` for anything that is not a chunk object
// ("[DONE]" is handled by the caller).
std::optional<ChatChunk> parse_chat_chunk(const QByteArray& data, QString* error);
// A whole (non-streamed) chat completion: choices[0].message.content (or a completion's
// choices[0].text).
std::optional<ChatChunk> parse_chat_completion(const QByteArray& body, QString* error);
StopReason stop_reason_of(const QString& finish_reason);

struct TopLogprob {
  QString token;
  double logprob = 0;
};
// The first generated token's top logprobs from a chat completion (choices[0].logprobs.content[0]
// .top_logprobs, a list of {token, logprob}; llama.cpp's server answers /v1/completions in this
// layout too) or OpenAI's completions layout (choices[0].logprobs.top_logprobs[0] as
// {token: logprob}; vLLM, llama-cpp-python). `prompt_tokens` from usage when given (else -1).
std::optional<QList<TopLogprob>> parse_top_logprobs(const QByteArray& body, QString* error,
                                                    qint64* prompt_tokens = nullptr);

struct LabelScores {
  QList<double> log_probs;  // [labels]
  QList<double> probs;      // softmax of log_probs
  QStringList missing;      // labels no top token begins (scored with the floor)
  QStringList ambiguous;    // labels sharing their first token with another (its probability split)
};
LabelScores score_labels(const QList<TopLogprob>& top, const QStringList& labels);

// A readable message for an HTTP error answer: the server's {"error": {"message"}} or
// {"detail"} or the start of the body, with the status.
QString http_error_message(int status, const QByteArray& body);

}  // namespace tramontane::gui
