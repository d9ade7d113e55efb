#include "gui/core/remote_api.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tramontane::gui {
namespace {

std::optional<QJsonObject> object_of(const QByteArray& body, QString* error) {
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
  if (pe.error != QJsonParseError::NoError) {
    if (error) *error = QCoreApplication::translate("RemoteApi", "the server's answer is not JSON (%1 at byte %2)").arg(pe.errorString()).arg(pe.offset);
    return std::nullopt;
  }
  if (!doc.isObject()) {
    if (error) *error = QCoreApplication::translate("RemoteApi", "the server's answer is not a JSON object");
    return std::nullopt;
  }
  return doc.object();
}

// {"error": {"message": ...}} / {"error": "..."} / {"detail": ...} / {"message": ...}
QString error_text(const QJsonObject& o) {
  const QJsonValue e = o.value(QStringLiteral("error"));
  if (e.isObject()) {
    const QString m = e.toObject().value(QStringLiteral("message")).toString();
    if (!m.isEmpty()) return m;
    return QString::fromUtf8(QJsonDocument(e.toObject()).toJson(QJsonDocument::Compact));
  }
  if (e.isString()) return e.toString();
  const QJsonValue d = o.value(QStringLiteral("detail"));
  if (d.isString()) return d.toString();
  if (d.isArray() || d.isObject()) {
    return QString::fromUtf8(d.isArray() ? QJsonDocument(d.toArray()).toJson(QJsonDocument::Compact)
                                         : QJsonDocument(d.toObject()).toJson(QJsonDocument::Compact));
  }
  return QString();
}

QJsonObject first_choice(const QJsonObject& o) {
  const QJsonArray choices = o.value(QStringLiteral("choices")).toArray();
  return choices.isEmpty() ? QJsonObject() : choices.first().toObject();
}

// The adapter's name for messages (AdapterSpec::name without the rest of the GUI core).
QString adapter_name(const AdapterSpec& a) { return a.path.section(QLatin1Char('/'), -1); }

// A count the server sends (tokens, a context length) into *out when it is a whole number in
// [0, 2^53]; anything else (negative, fractional, 1e125, NaN) leaves *out as it was. Converting an
// out-of-range double to an integer is undefined behaviour (found by fuzz_remote_stream).
void read_count(const QJsonValue& v, qint64* out) {
  if (!out || !v.isDouble()) return;
  const double d = v.toDouble();
  if (d >= 0 && d <= 9007199254740992.0 && d == std::floor(d)) *out = static_cast<qint64>(d);
}

void read_usage(const QJsonObject& o, qint64* prompt, qint64* completion) {
  const QJsonValue u = o.value(QStringLiteral("usage"));
  if (!u.isObject()) return;
  const QJsonObject uo = u.toObject();
  read_count(uo.value(QStringLiteral("prompt_tokens")), prompt);
  read_count(uo.value(QStringLiteral("completion_tokens")), completion);
}

}  // namespace

QString server_kind_name(ServerKind k) {
  switch (k) {
    case ServerKind::LlamaCpp: return QStringLiteral("llama.cpp");
    case ServerKind::Vllm: return QStringLiteral("vLLM");
    case ServerKind::Generic: break;
  }
  return QStringLiteral("OpenAI-compatible");
}

std::optional<QUrl> server_root(const QUrl& base_url) {
  if (!base_url.isValid() || base_url.host().isEmpty()) return std::nullopt;
  const QString scheme = base_url.scheme().toLower();
  if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) return std::nullopt;
  QUrl root = base_url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
  QString path = root.path();
  while (path.endsWith(QLatin1Char('/'))) path.chop(1);
  if (path.endsWith(QLatin1String("/v1"))) path.chop(3);
  while (path.endsWith(QLatin1Char('/'))) path.chop(1);
  root.setPath(path);
  return root;
}

QUrl endpoint(const QUrl& root, const QString& path) {
  QUrl u = root;
  u.setPath(root.path() + path);
  return u;
}

QString remote_adapter_path(ServerKind kind, const RemoteAdapter& a) {
  if (kind == ServerKind::LlamaCpp) return QStringLiteral("remote-lora:%1:%2").arg(a.id).arg(a.name);
  return QStringLiteral("remote-model:%1").arg(a.name);
}

bool is_remote_adapter_path(const QString& path) {
  return path.startsWith(QLatin1String("remote-lora:")) || path.startsWith(QLatin1String("remote-model:"));
}

std::optional<QList<RemoteModel>> parse_models(const QByteArray& body, QString* error) {
  auto o = object_of(body, error);
  if (!o) return std::nullopt;
  const QJsonValue data = o->value(QStringLiteral("data"));
  if (!data.isArray()) {
    if (error) *error = QCoreApplication::translate("RemoteApi", "the model list has no \"data\" array");
    return std::nullopt;
  }
  QList<RemoteModel> out;
  for (const QJsonValue& v : data.toArray()) {
    const QJsonObject m = v.toObject();
    RemoteModel r;
    r.id = m.value(QStringLiteral("id")).toString();
    if (r.id.isEmpty()) continue;
    r.owned_by = m.value(QStringLiteral("owned_by")).toString();
    r.parent = m.value(QStringLiteral("parent")).toString();
    read_count(m.value(QStringLiteral("max_model_len")), &r.context_length);
    read_count(m.value(QStringLiteral("meta")).toObject().value(QStringLiteral("n_ctx_train")), &r.context_length);
    out.append(r);
  }
  if (out.isEmpty()) {
    if (error) *error = QCoreApplication::translate("RemoteApi", "the server lists no models");
    return std::nullopt;
  }
  return out;
}

ServerKind detect_kind(const QList<RemoteModel>& models) {
  for (const auto& m : models) {
    const QString o = m.owned_by.toLower();
    if (o == QLatin1String("vllm")) return ServerKind::Vllm;
    if (o == QLatin1String("llamacpp")) return ServerKind::LlamaCpp;
  }
  return ServerKind::Generic;
}

QList<RemoteAdapter> vllm_adapters(const QList<RemoteModel>& models, const QString& base) {
  QList<RemoteAdapter> out;
  for (const auto& m : models) {
    if (m.parent.isEmpty() || m.parent == m.id) continue;
    if (!base.isEmpty() && m.parent != base) continue;
    RemoteAdapter a;
    a.name = m.id;
    a.key = remote_adapter_path(ServerKind::Vllm, a);
    out.append(a);
  }
  return out;
}

std::optional<QList<RemoteAdapter>> parse_lora_adapters(const QByteArray& body, QString* error) {
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
  if (pe.error != QJsonParseError::NoError || !doc.isArray()) {
    if (error) *error = QCoreApplication::translate("RemoteApi", "the adapter list is not a JSON array");
    return std::nullopt;
  }
  QList<RemoteAdapter> out;
  for (const QJsonValue& v : doc.array()) {
    const QJsonObject o = v.toObject();
    if (!o.value(QStringLiteral("id")).isDouble()) continue;
    RemoteAdapter a;
    a.id = o.value(QStringLiteral("id")).toInt(-1);
    if (a.id < 0) continue;
    const QString path = o.value(QStringLiteral("path")).toString();
    a.name = path.section(QLatin1Char('/'), -1);
    if (a.name.isEmpty()) a.name = QStringLiteral("adapter %1").arg(a.id);
    a.scale = o.value(QStringLiteral("scale")).toDouble(1.0);
    a.key = remote_adapter_path(ServerKind::LlamaCpp, a);
    out.append(a);
  }
  return out;
}

// llama.cpp's "lora" list: every adapter the server has, at the request's scale when active and 0
// otherwise. The server keeps a slot's adapters from one request to the next when a request sends
// no list (or an empty one), and applies its global scales (1 unless started with
// --lora-init-without-apply) to a fresh slot, so only a full list says "exactly these".
static std::optional<QJsonArray> llama_lora_list(const QList<AdapterSpec>& active, const QList<RemoteAdapter>& server_adapters,
                                                 QString* error) {
  QMap<int, double> scales;
  for (const auto& sa : server_adapters) scales.insert(sa.id, 0.0);
  for (const auto& a : active) {
    const QStringList parts = a.path.split(QLatin1Char(':'));
    bool ok = false;
    const int id = parts.size() >= 2 && parts[0] == QLatin1String("remote-lora") ? parts[1].toInt(&ok) : -1;
    if (!ok || id < 0 || (!server_adapters.isEmpty() && !scales.contains(id))) {
      if (error) *error = QCoreApplication::translate("RemoteApi", "%1 is not an adapter of this server").arg(adapter_name(a));
      return std::nullopt;
    }
    scales.insert(id, a.scale);
  }
  QJsonArray lora;
  for (auto it = scales.cbegin(); it != scales.cend(); ++it)
    lora.append(QJsonObject{{QStringLiteral("id"), it.key()}, {QStringLiteral("scale"), it.value()}});
  return lora;
}

// What a chat and a completions request share: stream (with usage), the sampling fields and the
// adapters. `body` has "model" and the messages or the prompt already.
static bool add_generation_fields(ServerKind kind, const ChatRequest& request, bool stream, QJsonObject& body,
                                  QString* error, const QList<RemoteAdapter>& server_adapters) {
  body.insert(QStringLiteral("stream"), stream);
  // llama.cpp and vLLM then end the stream with a chunk carrying "usage" (exact token counts).
  if (stream && (kind == ServerKind::LlamaCpp || kind == ServerKind::Vllm))
    body.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
  const SamplingSettings& s = request.sampling;
  body.insert(QStringLiteral("max_tokens"), s.max_tokens);
  body.insert(QStringLiteral("temperature"), s.temperature);
  if (s.top_p < 1.0) body.insert(QStringLiteral("top_p"), s.top_p);
  if (s.seed != 0) body.insert(QStringLiteral("seed"), s.seed);
  if (kind == ServerKind::LlamaCpp || kind == ServerKind::Vllm) {
    if (s.top_k > 0) body.insert(QStringLiteral("top_k"), s.top_k);
    if (s.min_p > 0) body.insert(QStringLiteral("min_p"), s.min_p);
    if (s.repeat_penalty != 1.0)
      body.insert(kind == ServerKind::Vllm ? QStringLiteral("repetition_penalty") : QStringLiteral("repeat_penalty"),
                  s.repeat_penalty);
  }
  QList<AdapterSpec> active;
  for (const auto& a : request.adapters)
    if (a.active()) active.append(a);
  if (kind == ServerKind::LlamaCpp && (!active.isEmpty() || !server_adapters.isEmpty())) {
    auto lora = llama_lora_list(active, server_adapters, error);
    if (!lora) return false;
    body.insert(QStringLiteral("lora"), *lora);
  } else if (!active.isEmpty()) {
    if (kind == ServerKind::Vllm) {
      if (active.size() > 1) {
        if (error) *error = QCoreApplication::translate("RemoteApi", "vLLM serves one adapter per request: enable only one");
        return false;
      }
      const AdapterSpec& a = active.first();
      if (!a.path.startsWith(QLatin1String("remote-model:"))) {
        if (error) *error = QCoreApplication::translate("RemoteApi", "%1 is not an adapter of this server").arg(adapter_name(a));
        return false;
      }
      if (std::abs(a.scale - 1.0) > 1e-9) {
        if (error) *error = QCoreApplication::translate("RemoteApi", "vLLM applies adapters at scale 1 only: set %1 to 1").arg(adapter_name(a));
        return false;
      }
      body.insert(QStringLiteral("model"), a.path.mid(int(sizeof("remote-model:")) - 1));
    } else {
      if (error) *error = QCoreApplication::translate("RemoteApi", "this server does not say how to choose LoRA adapters (llama.cpp's server and vLLM do)");
      return false;
    }
  }
  return true;
}

std::optional<QJsonObject> chat_body(ServerKind kind, const QString& model, const ChatRequest& request,
                                     bool stream, QString* error, const QList<RemoteAdapter>& server_adapters) {
  QJsonObject body;
  body.insert(QStringLiteral("model"), model);
  QJsonArray messages;
  if (!request.system_prompt.isEmpty())
    messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                {QStringLiteral("content"), request.system_prompt}});
  for (const auto& t : request.turns) {
    messages.append(QJsonObject{
        {QStringLiteral("role"), t.role == Role::Assistant ? QStringLiteral("assistant") : QStringLiteral("user")},
        {QStringLiteral("content"), t.text}});
  }
  body.insert(QStringLiteral("messages"), messages);
  if (!add_generation_fields(kind, request, stream, body, error, server_adapters)) return std::nullopt;
  return body;
}

std::optional<QJsonObject> completions_body(ServerKind kind, const QString& model, PromptFormat format,
                                            const ChatRequest& request, bool stream, QString* error,
                                            const QList<RemoteAdapter>& server_adapters) {
  auto prompt = render_prompt(format, kind, request.system_prompt, request.turns, error);
  if (!prompt) return std::nullopt;
  QJsonObject body;
  body.insert(QStringLiteral("model"), model);
  body.insert(QStringLiteral("prompt"), *prompt);
  // A ChatML model's end of turn need not be its end-of-text token (a base model's is not).
  if (format == PromptFormat::ChatML) body.insert(QStringLiteral("stop"), QJsonArray{QStringLiteral("<|im_end|>")});
  if (!add_generation_fields(kind, request, stream, body, error, server_adapters)) return std::nullopt;
  return body;
}

std::optional<QJsonObject> request_body(ServerKind kind, const QString& model, PromptFormat format,
                                        const ChatRequest& request, bool stream, QString* error,
                                        const QList<RemoteAdapter>& server_adapters) {
  if (format == PromptFormat::Server) return chat_body(kind, model, request, stream, error, server_adapters);
  return completions_body(kind, model, format, request, stream, error, server_adapters);
}

QJsonObject moderation_body(const QString& model, const QString& user_text, int top_logprobs,
                            ServerKind kind, const QList<RemoteAdapter>& server_adapters, PromptFormat format) {
  QJsonObject body;
  // The base model: on llama.cpp every adapter at scale 0 (else a slot keeps the last chat's).
  if (kind == ServerKind::LlamaCpp && !server_adapters.isEmpty())
    body.insert(QStringLiteral("lora"), *llama_lora_list({}, server_adapters, nullptr));
  body.insert(QStringLiteral("model"), model);
  std::optional<QString> prompt;
  if (format != PromptFormat::Server)
    prompt = render_prompt(format, kind, QString(), {ChatTurn{Role::User, user_text}}, nullptr);
  if (prompt) {  // the completions API: "logprobs" is the number of top tokens
    body.insert(QStringLiteral("prompt"), *prompt);
    body.insert(QStringLiteral("max_tokens"), 1);
    body.insert(QStringLiteral("temperature"), 0);
    body.insert(QStringLiteral("logprobs"), top_logprobs);
  } else {
    body.insert(QStringLiteral("messages"),
                QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                       {QStringLiteral("content"), user_text}}});
    body.insert(QStringLiteral("max_tokens"), 1);
    body.insert(QStringLiteral("temperature"), 0);
    body.insert(QStringLiteral("logprobs"), true);
    body.insert(QStringLiteral("top_logprobs"), top_logprobs);
  }
  body.insert(QStringLiteral("stream"), false);
  return body;
}

std::optional<ChatChunk> parse_chat_chunk(const QByteArray& data, QString* error) {
  auto o = object_of(data, error);
  if (!o) return std::nullopt;
  ChatChunk c;
  const QString err = error_text(*o);
  if (o->contains(QStringLiteral("error")) || (!o->contains(QStringLiteral("choices")) && !err.isEmpty())) {
    c.error = err.isEmpty() ? QCoreApplication::translate("RemoteApi", "the server reported an error") : err;
    return c;
  }
  const QJsonValue choices = o->value(QStringLiteral("choices"));
  if (!choices.isArray()) {
    if (error) *error = QCoreApplication::translate("RemoteApi", "a streamed chunk has no \"choices\" array");
    return std::nullopt;
  }
  read_usage(*o, &c.prompt_tokens, &c.completion_tokens);
  const QJsonObject ch = first_choice(*o);
  const QJsonValue delta = ch.value(QStringLiteral("delta"));
  if (delta.isObject()) {
    c.text = delta.toObject().value(QStringLiteral("content")).toString();
  } else if (ch.value(QStringLiteral("text")).isString()) {
    c.text = ch.value(QStringLiteral("text")).toString();
  }
  c.finish_reason = ch.value(QStringLiteral("finish_reason")).toString();
  return c;
}

std::optional<ChatChunk> parse_chat_completion(const QByteArray& body, QString* error) {
  auto o = object_of(body, error);
  if (!o) return std::nullopt;
  ChatChunk c;
  if (o->contains(QStringLiteral("error"))) {
    c.error = error_text(*o);
    return c;
  }
  const QJsonObject ch = first_choice(*o);
  if (ch.isEmpty()) {
    if (error) *error = QCoreApplication::translate("RemoteApi", "the completion has no choices");
    return std::nullopt;
  }
  if (ch.value(QStringLiteral("message")).isObject())
    c.text = ch.value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString();
  else  // /v1/completions
    c.text = ch.value(QStringLiteral("text")).toString();
  c.finish_reason = ch.value(QStringLiteral("finish_reason")).toString();
  read_usage(*o, &c.prompt_tokens, &c.completion_tokens);
  return c;
}

StopReason stop_reason_of(const QString& finish_reason) {
  if (finish_reason == QLatin1String("length")) return StopReason::MaxTokens;
  return StopReason::EndOfText;  // "stop", "eos", "tool_calls", ...
}

std::optional<QList<TopLogprob>> parse_top_logprobs(const QByteArray& body, QString* error, qint64* prompt_tokens) {
  auto o = object_of(body, error);
  if (!o) return std::nullopt;
  if (o->contains(QStringLiteral("error"))) {
    if (error) *error = error_text(*o);
    return std::nullopt;
  }
  if (prompt_tokens) {
    *prompt_tokens = -1;
    read_usage(*o, prompt_tokens, nullptr);
  }
  const QJsonObject lp = first_choice(*o).value(QStringLiteral("logprobs")).toObject();
  QList<TopLogprob> out;
  const QJsonArray content = lp.value(QStringLiteral("content")).toArray();
  if (!content.isEmpty()) {  // chat completions layout
    for (const QJsonValue& v : content.first().toObject().value(QStringLiteral("top_logprobs")).toArray()) {
      const QJsonObject t = v.toObject();
      if (!t.value(QStringLiteral("logprob")).isDouble()) continue;
      out.append(TopLogprob{t.value(QStringLiteral("token")).toString(), t.value(QStringLiteral("logprob")).toDouble()});
    }
  } else {  // completions layout: "top_logprobs": [{token: logprob, ...}, ...]
    const QJsonArray tops = lp.value(QStringLiteral("top_logprobs")).toArray();
    if (!tops.isEmpty()) {
      const QJsonObject first = tops.first().toObject();
      for (auto it = first.begin(); it != first.end(); ++it)
        if (it.value().isDouble()) out.append(TopLogprob{it.key(), it.value().toDouble()});
    }
  }
  // Non-finite or positive log-probabilities are not log-probabilities.
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const TopLogprob& t) { return !std::isfinite(t.logprob) || t.logprob > 1e-6; }),
            out.end());
  if (out.isEmpty()) {
    if (error) *error = QCoreApplication::translate("RemoteApi", "the answer has no top logprobs (does the server support \"logprobs\"?)");
    return std::nullopt;
  }
  return out;
}

LabelScores score_labels(const QList<TopLogprob>& top, const QStringList& labels) {
  LabelScores s;
  double floor = 0;
  for (const auto& t : top) floor = std::min(floor, t.logprob);
  if (top.isEmpty()) floor = std::log(1e-9);
  QList<int> matched;  // index into `top` of each label's token (-1: none)
  for (const QString& label : labels) {
    const QString spaced = QLatin1Char(' ') + label;
    int best = -1;
    for (int i = 0; i < top.size(); ++i) {
      const TopLogprob& t = top[i];
      if (t.token.trimmed().isEmpty()) continue;  // whitespace begins every label
      if (!spaced.startsWith(t.token) && !label.startsWith(t.token)) continue;
      if (best < 0 || t.token.size() > top[best].token.size() ||
          (t.token.size() == top[best].token.size() && t.logprob > top[best].logprob))
        best = i;
    }
    matched.append(best);
  }
  for (int l = 0; l < labels.size(); ++l) {
    if (matched[l] < 0) {
      s.missing.append(labels[l]);
      s.log_probs.append(floor);
      continue;
    }
    // Labels whose first tokens coincide share that token's probability evenly.
    const qsizetype sharing = matched.count(matched[l]);
    if (sharing > 1) s.ambiguous.append(labels[l]);
    s.log_probs.append(top[matched[l]].logprob - std::log(double(sharing)));
  }
  double mx = -std::numeric_limits<double>::infinity();
  for (double v : s.log_probs) mx = std::max(mx, v);
  double sum = 0;
  for (double v : s.log_probs) sum += std::exp(v - mx);
  for (double v : s.log_probs) s.probs.append(std::exp(v - mx) / sum);
  return s;
}

QString http_error_message(int status, const QByteArray& body) {
  QString detail;
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
  if (pe.error == QJsonParseError::NoError && doc.isObject()) detail = error_text(doc.object());
  if (detail.isEmpty()) detail = QString::fromUtf8(body.left(300)).trimmed();
  if (detail.isEmpty()) return QCoreApplication::translate("RemoteApi", "the server answered HTTP %1").arg(status);
  return QCoreApplication::translate("RemoteApi", "the server answered HTTP %1: %2").arg(status).arg(detail);
}

}  // namespace tramontane::gui
