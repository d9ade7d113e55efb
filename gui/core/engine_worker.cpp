#include "gui/core/engine_worker.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonValue>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/runtime/engine.h"
#include "engine/runtime/session.h"

namespace tramontane::gui {

namespace {

// Seeds stay below 2^53 so that they survive a trip through JSON (the sampling settings are
// stored on every answer) and JavaScript-style readers.
constexpr qint64 kMaxSeed = (qint64(1) << 53) - 1;

void register_metatypes() {
  static const bool once = [] {
    qRegisterMetaType<tramontane::gui::ChatRequest>();
    qRegisterMetaType<tramontane::gui::ModelInfo>();
    qRegisterMetaType<tramontane::gui::GenerationResult>();
    qRegisterMetaType<QList<int>>();
    return true;
  }();
  (void)once;
}

StopReason to_gui(tramontane::StopReason r) {
  switch (r) {
    case tramontane::StopReason::Eos:
    case tramontane::StopReason::StopString: return StopReason::EndOfText;
    case tramontane::StopReason::MaxTokens: return StopReason::MaxTokens;
    case tramontane::StopReason::Context: return StopReason::ContextFull;
    case tramontane::StopReason::Cancelled:
    case tramontane::StopReason::Callback: return StopReason::Stopped;
  }
  return StopReason::Error;
}

BackendKind to_backend(int backend) {
  switch (static_cast<EngineWorker::Backend>(backend)) {
    case EngineWorker::Backend::Cpu: return BackendKind::Cpu;
    case EngineWorker::Backend::Cuda: return BackendKind::Cuda;
    case EngineWorker::Backend::Auto: break;
  }
  return BackendKind::Auto;
}

// A device error: the CUDA backend reports its failures as Internal errors starting "cuda:"
// (a failed launch or copy leaves the device unusable until the model is loaded again).
bool is_device_error(const Error& e) {
  return e.kind == ErrorKind::Internal && e.message.rfind("cuda:", 0) == 0;
}

QString qstr(const std::string& s) { return QString::fromStdString(s); }

// Reads a number from `o[key]` into `out` when it is present, finite and accepted by `ok`.
template <class T, class Ok>
void read_number(const QJsonObject& o, const char* key, T& out, Ok ok) {
  const QJsonValue v = o.value(QLatin1String(key));
  if (!v.isDouble()) return;
  const double d = v.toDouble();
  if (!std::isfinite(d) || !ok(d)) return;
  if constexpr (std::is_integral_v<T>) {
    if (d != std::floor(d)) return;
    out = static_cast<T>(v.toInteger(static_cast<qint64>(d)));
  } else {
    out = static_cast<T>(d);
  }
}

}  // namespace

QJsonObject SamplingSettings::to_json() const {
  QJsonObject o;
  o.insert(QStringLiteral("temperature"), temperature);
  o.insert(QStringLiteral("top_k"), top_k);
  o.insert(QStringLiteral("top_p"), top_p);
  o.insert(QStringLiteral("min_p"), min_p);
  o.insert(QStringLiteral("repeat_penalty"), repeat_penalty);
  o.insert(QStringLiteral("seed"), seed);
  o.insert(QStringLiteral("max_tokens"), max_tokens);
  return o;
}

SamplingSettings SamplingSettings::from_json(const QJsonObject& o) {
  SamplingSettings s;
  read_number(o, "temperature", s.temperature, [](double d) { return d >= 0 && d <= 100; });
  read_number(o, "top_k", s.top_k, [](double d) { return d >= 0 && d <= 1e9; });
  read_number(o, "top_p", s.top_p, [](double d) { return d > 0 && d <= 1; });
  read_number(o, "min_p", s.min_p, [](double d) { return d >= 0 && d <= 1; });
  read_number(o, "repeat_penalty", s.repeat_penalty, [](double d) { return d > 0 && d <= 100; });
  read_number(o, "seed", s.seed, [](double d) { return d >= 0 && d <= double(kMaxSeed); });
  read_number(o, "max_tokens", s.max_tokens, [](double d) { return d >= 1 && d <= 1e9; });
  return s;
}

EngineWorker::EngineWorker(QObject* parent) : QObject(parent) { register_metatypes(); }

EngineWorker::~EngineWorker() {
  session_.reset();  // points into engine_
  engine_.reset();
}

void EngineWorker::requestStop() { requestStop(current_id_.load()); }

void EngineWorker::requestStop(quint64 requestId) {
  // Order matters (see begin_request): publish the bound first, then look at what runs.
  quint64 seen = stop_through_.load();
  while (seen < requestId && !stop_through_.compare_exchange_weak(seen, requestId)) {
  }
  if (current_id_.load() <= requestId) stop_.store(true);
}

void EngineWorker::begin_request(quint64 requestId) {
  // Cleared first; set again (never cleared after current_id_ is published) when this request was
  // stopped before it started. A concurrent requestStop(id >= requestId) either sees the new
  // current_id_ and sets stop_, or its bound is seen here.
  stop_.store(false);
  current_id_.store(requestId);
  if (requestId <= stop_through_.load()) stop_.store(true);
}

void EngineWorker::loadModel(quint64 requestId, const QString& path, int backend) {
  begin_request(requestId);
  const QString name = QFileInfo(path).fileName();
  if (stop_.load()) {
    emit loadFailed(requestId, tr("Loading %1 was cancelled.").arg(name), true);
    return;
  }
  const BackendKind kind = to_backend(backend);
  emit loadProgress(requestId, kind == BackendKind::Cpu
                                   ? tr("Reading %1…").arg(name)
                                   : tr("Reading %1 and preparing the GPU…").arg(name));
  LoadOptions options;
  options.backend = kind;
  options.cancel = &stop_;
  auto loaded = Engine::load(path.toStdString(), options);
  if (!loaded) {
    const bool cancelled = loaded.error().kind == ErrorKind::Cancelled;
    emit loadFailed(requestId,
                    cancelled ? tr("Loading %1 was cancelled.").arg(name) : qstr(loaded.error().message),
                    cancelled);
    return;  // the previous model (if any) stays
  }
  emit loadProgress(requestId, tr("Starting the model…"));
  session_.reset();  // belongs to the old engine
  engine_ = std::move(*loaded);
  session_ = std::make_unique<Session>(*engine_);

  ModelInfo info;
  info.path = path;
  info.name = name;
  info.backend = QString::fromLatin1(engine_->backend_name());
  info.backend_note = qstr(engine_->backend_note());
  info.chat_template = QString::fromLatin1(chat_template_name(detect_template(engine_->tokenizer())));
  info.window = engine_->config().window;
  info.context_limit = engine_->context_limit();
  info.n_vocab = engine_->config().n_vocab;
  info.model_bytes = static_cast<qint64>(engine_->model_bytes());
  emit modelLoaded(requestId, info);
}

void EngineWorker::unloadModel() {
  session_.reset();
  engine_.reset();
  emit modelUnloaded();
}

void EngineWorker::fail(quint64 requestId, const Error& error) {
  const bool reload = is_device_error(error);
  if (reload) {
    session_.reset();
    engine_.reset();
    emit modelUnloaded();
  }
  emit failed(requestId, qstr(error.message), reload);
}

void EngineWorker::generate(quint64 requestId, const tramontane::gui::ChatRequest& request) {
  begin_request(requestId);
  if (!engine_) {
    emit failed(requestId, tr("No model is loaded."), false);
    return;
  }
  if (!session_) session_ = std::make_unique<Session>(*engine_);

  std::vector<ChatMessage> messages;
  messages.reserve(size_t(request.turns.size()) + 1);
  if (!request.system_prompt.isEmpty())
    messages.push_back({ChatMessage::Role::System, request.system_prompt.toStdString()});
  for (const ChatTurn& t : request.turns) {
    if (t.role == Role::System) {
      emit failed(requestId, tr("A conversation turn cannot be a system message."), false);
      return;
    }
    messages.push_back({t.role == Role::User ? ChatMessage::Role::User : ChatMessage::Role::Assistant,
                        t.text.toStdString()});
  }
  auto ids = build_chat_prompt(*engine_, messages);
  if (!ids) {
    fail(requestId, ids.error());
    return;
  }
  emit promptReady(requestId, QList<int>(ids->begin(), ids->end()));

  GenerationResult result;
  result.prompt_tokens = qint64(ids->size());
  qint64 seed = request.sampling.seed;
  if (seed == 0) seed = QRandomGenerator::global()->bounded(qint64(1), kMaxSeed);
  result.seed = seed;

  const PrefillProgress progress = [&](int64_t done, int64_t total) {
    emit prefillProgress(requestId, done, total);
  };
  if (Status st = session_->prefill_to(*ids, progress, &stop_); !st) {
    if (st.error().kind == ErrorKind::Cancelled) {
      result.stop_reason = StopReason::Stopped;
      result.context_used = session_->n_past();
      emit finished(requestId, result);
    } else {
      fail(requestId, st.error());
    }
    return;
  }

  GenerateRequest gen;
  gen.sampling.temperature = float(std::max(0.0, request.sampling.temperature));
  gen.sampling.top_k = std::max(0, request.sampling.top_k);
  gen.sampling.top_p = float(request.sampling.top_p > 0 ? std::min(1.0, request.sampling.top_p) : 1.0);
  gen.sampling.min_p = float(std::clamp(request.sampling.min_p, 0.0, 1.0));
  gen.sampling.repetition_penalty = float(request.sampling.repeat_penalty > 0 ? request.sampling.repeat_penalty : 1.0);
  gen.sampling.seed = static_cast<uint64_t>(seed);
  gen.max_tokens = std::max(0, request.sampling.max_tokens);
  gen.stop_at_n_ctx_max = request.stop_at_context;

  // Coalescing: the first text goes out at once (time to first token), later text at most once
  // per kTokenIntervalMs, the rest right before `finished`.
  QString pending;
  qint64 count = 0;
  qint64 emitted_count = 0;
  bool emitted_any = false;
  QElapsedTimer since_emit;
  since_emit.start();
  auto flush = [&] {
    emit tokens(requestId, pending, count);
    pending.clear();
    emitted_count = count;
    emitted_any = true;
    since_emit.restart();
  };
  const TokenCallback on_text = [&](std::string_view text, int32_t id) {
    if (id >= 0) ++count;
    if (!text.empty()) pending += QString::fromUtf8(text.data(), qsizetype(text.size()));
    if (!pending.isEmpty() && (!emitted_any || since_emit.elapsed() >= kTokenIntervalMs)) flush();
    return true;
  };
  auto generated = session_->generate(gen, on_text, &stop_);
  if (!pending.isEmpty() || count != emitted_count) flush();
  if (!generated) {
    fail(requestId, generated.error());
    return;
  }
  result.text = qstr(generated->text);
  result.stop_reason = to_gui(generated->reason);
  result.completion_tokens = qint64(generated->tokens.size());
  result.context_used = session_->n_past();
  result.tokens_per_second = generated->tokens_per_second();
  emit finished(requestId, result);
}

}  // namespace tramontane::gui
