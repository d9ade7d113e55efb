#include "gui/core/engine_worker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/lora/adapter.h"
#include "engine/kv/kv_cache.h"
#include "engine/runtime/engine.h"
#include "engine/sampling/sampler.h"
#include "engine/tokenizer/stream_decoder.h"
#include "engine/runtime/probes.h"
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
    qRegisterMetaType<tramontane::gui::AdapterInfo>();
    qRegisterMetaType<tramontane::gui::AdapterSpec>();
    qRegisterMetaType<tramontane::gui::CompareColumn>();
    qRegisterMetaType<QList<tramontane::gui::CompareColumn>>();
    qRegisterMetaType<QList<QList<tramontane::gui::AdapterSpec>>>();
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

// A device error, after which the model is loaded again: the CUDA backend reports its failures
// as errors starting "cuda:", Internal (a failed launch or copy leaves the device unusable until
// the model is loaded again) or Resource (out of device memory for a KV ring or a decode graph:
// the reload, Backend::Auto, falls back to the CPU when the device has no room for the model).
bool is_device_error(const Error& e) {
  return (e.kind == ErrorKind::Internal || e.kind == ErrorKind::Resource) && e.message.rfind("cuda:", 0) == 0;
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

// The active entries of a set, in order (what the forward pass uses): the cache key.
QList<AdapterSpec> active_entries(const QList<AdapterSpec>& specs) {
  QList<AdapterSpec> out;
  for (const AdapterSpec& s : specs)
    if (s.active()) out.append(s);
  return out;
}

// Display fields read from a PEFT adapter_config.json without loading the tensors (no model).
void peek_config(const QString& path, AdapterInfo& info) {
  QFile f(QDir(path).filePath(QStringLiteral("adapter_config.json")));
  if (!f.open(QIODevice::ReadOnly)) return;
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  info.rank = o.value(QStringLiteral("r")).toInteger();
  info.alpha = o.value(QStringLiteral("lora_alpha")).toDouble(8.0);
  info.use_rslora = o.value(QStringLiteral("use_rslora")).toBool();
  info.base_model = o.value(QStringLiteral("base_model_name_or_path")).toString();
  const QJsonValue t = o.value(QStringLiteral("target_modules"));
  if (t.isArray()) {
    for (const QJsonValue& v : t.toArray()) info.targets.append(v.toString());
  } else if (t.isString()) {
    info.targets.append(t.toString());
  }
}

}  // namespace

QString AdapterSpec::name() const {
  QString p = QDir::fromNativeSeparators(path);
  while (p.size() > 1 && p.endsWith(QLatin1Char('/'))) p.chop(1);
  return QFileInfo(p).fileName();
}

QJsonObject AdapterSpec::to_json() const {
  return QJsonObject{{QStringLiteral("name"), name()},
                     {QStringLiteral("path"), path},
                     {QStringLiteral("scale"), scale},
                     {QStringLiteral("enabled"), enabled}};
}

std::optional<AdapterSpec> AdapterSpec::from_json(const QJsonObject& o) {
  AdapterSpec s;
  s.path = o.value(QStringLiteral("path")).toString();
  if (s.path.isEmpty()) return std::nullopt;
  const double scale = o.value(QStringLiteral("scale")).toDouble(1.0);
  s.scale = std::isfinite(scale) ? std::clamp(scale, 0.0, double(lora::AdapterSet::kMaxScale)) : 1.0;
  s.enabled = o.value(QStringLiteral("enabled")).toBool(true);
  return s;
}

QJsonArray adapters_to_json(const QList<AdapterSpec>& set) {
  QJsonArray a;
  for (const AdapterSpec& s : set) a.append(s.to_json());
  return a;
}

QList<AdapterSpec> adapters_from_json(const QJsonArray& a) {
  QList<AdapterSpec> out;
  for (const QJsonValue& v : a)
    if (auto s = AdapterSpec::from_json(v.toObject())) out.append(*s);
  return out;
}

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

EngineWorker::EngineWorker(QObject* parent) : QObject(parent), probes_(std::make_shared<Probes>()) {
  register_metatypes();
  probe_timer_.start();
}

int EngineWorker::subscribeProbe(const ProbeSpec& spec) { return probes_->subscribe(spec); }

void EngineWorker::unsubscribeProbe(int id) { probes_->unsubscribe(id); }

bool EngineWorker::updateProbe(int id, const ProbeSpec& spec) { return probes_->update(id, spec); }

int EngineWorker::probeSubscriberCount() const { return probes_->subscriber_count(); }

std::shared_ptr<const QStringList> EngineWorker::tokenPieces() const {
  std::lock_guard<std::mutex> lock(pieces_mu_);
  return pieces_;
}

std::shared_ptr<const std::vector<int32_t>> EngineWorker::historyTokens() const {
  std::lock_guard<std::mutex> lock(pieces_mu_);
  return history_;
}

void EngineWorker::publish_history() {
  auto h = std::make_shared<const std::vector<int32_t>>(session_ ? session_->history() : std::vector<int32_t>());
  std::lock_guard<std::mutex> lock(pieces_mu_);
  history_ = std::move(h);
}

void EngineWorker::signal_probes(bool force) {
  if (!probes_->active()) return;
  const quint64 last = probes_->last_seq();
  if (last == probe_signalled_ || (!force && probe_timer_.elapsed() < kProbeIntervalMs)) return;
  probe_signalled_ = last;
  probe_timer_.restart();
  emit probeFramesReady(last);
}

EngineWorker::~EngineWorker() {
  session_.reset();  // points into engine_ and active_set_
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
  clear_adapters();  // loaded for the old model's shapes
  engine_ = std::move(*loaded);
  session_ = std::make_unique<Session>(*engine_);
  session_->set_probes(probes_.get());
  {
    // Token pieces for the visualizer's token strip (decoded one by one; a partial UTF-8 byte
    // token shows as its raw piece).
    auto pieces = std::make_shared<QStringList>();
    const Tokenizer& tok = engine_->tokenizer();
    pieces->reserve(tok.n_vocab());
    for (int32_t id = 0; id < tok.n_vocab(); ++id) {
      auto text = tok.decode({id});
      pieces->push_back(text ? qstr(*text) : qstr(tok.piece(id)));
    }
    std::lock_guard<std::mutex> lock(pieces_mu_);
    pieces_ = std::move(pieces);
    history_.reset();
  }

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
  publish_history();
  clear_adapters();
  emit modelUnloaded();
}

std::shared_ptr<const lora::Adapter> EngineWorker::adapter_for(const QString& path, QString* error) {
  for (auto it = adapters_.begin(); it != adapters_.end(); ++it) {
    if (it->path == path) {
      adapters_.splice(adapters_.begin(), adapters_, it);  // most recent
      return adapters_.front().adapter;
    }
  }
  if (!engine_) {
    *error = tr("No model is loaded.");
    return nullptr;
  }
  auto loaded = lora::load_adapter(QFile::encodeName(path).toStdString(), engine_->model().weights());
  if (!loaded) {
    *error = qstr(loaded.error().message);
    return nullptr;
  }
  adapters_.push_front({path, *loaded});
  evict_adapters();
  publish_cache();
  return *loaded;
}

void EngineWorker::evict_adapters() {
  // The most recent one always stays, whatever its size. An evicted adapter still in use by
  // active_set_ lives on through its shared_ptr until the set changes.
  auto total = [this] {
    uint64_t b = 0;
    for (const CachedAdapter& c : adapters_) b += c.adapter->bytes();
    return b;
  };
  while (adapters_.size() > 1 && total() > uint64_t(kAdapterCacheBytes)) adapters_.pop_back();
}

void EngineWorker::forgetAdapter(const QString& path) {
  const auto before = adapters_.size();
  adapters_.remove_if([&](const CachedAdapter& c) { return c.path == path; });
  if (adapters_.size() != before) publish_cache();
}

void EngineWorker::clear_adapters() {
  if (session_) session_->set_adapters(nullptr);
  active_set_.reset();
  cache_set_.clear();
  const bool had = !adapters_.empty();
  adapters_.clear();
  if (had) publish_cache();
}

void EngineWorker::publish_cache() {
  uint64_t bytes = 0;
  for (const CachedAdapter& c : adapters_) bytes += c.adapter->bytes();
  cache_bytes_.store(qint64(bytes));
  cache_count_.store(int(adapters_.size()));
  emit adapterCacheChanged(qint64(bytes), int(adapters_.size()));
}

bool EngineWorker::build_set(const QList<AdapterSpec>& specs, QString* error) {
  auto set = std::make_unique<lora::AdapterSet>();
  if (!make_set(specs, *set, error)) return false;
  // The session points at active_set_: replace it only after the session stopped reading it.
  session_->set_adapters(nullptr);
  active_set_ = std::move(set);
  session_->set_adapters(active_set_->active() ? active_set_.get() : nullptr);
  return true;
}

bool EngineWorker::make_set(const QList<AdapterSpec>& specs, lora::AdapterSet& out, QString* error) {
  lora::AdapterSet* set = &out;
  for (const AdapterSpec& s : specs) {
    if (!std::isfinite(s.scale) || s.scale < 0 || s.scale > lora::AdapterSet::kMaxScale) {
      *error = tr("Adapter %1: the scale %2 is outside 0 to 2.").arg(s.name()).arg(s.scale);
      return false;
    }
    if (!s.active()) continue;  // changes nothing: not even loaded
    QString why;
    auto adapter = adapter_for(s.path, &why);
    if (!adapter) {
      *error = tr("Adapter %1 cannot be used with this model: %2").arg(s.name(), why);
      return false;
    }
    if (Status st = set->add(adapter, float(s.scale), true); !st) {
      *error = tr("Adapter %1: %2").arg(s.name(), qstr(st.error().message));
      return false;
    }
  }
  return true;
}

bool EngineWorker::prompt_ids(quint64 requestId, const ChatRequest& request, std::vector<int32_t>& ids) {
  std::vector<ChatMessage> messages;
  messages.reserve(size_t(request.turns.size()) + 1);
  if (!request.system_prompt.isEmpty())
    messages.push_back({ChatMessage::Role::System, request.system_prompt.toStdString()});
  for (const ChatTurn& t : request.turns) {
    if (t.role == Role::System) {
      emit failed(requestId, tr("A conversation turn cannot be a system message."), false);
      return false;
    }
    messages.push_back({t.role == Role::User ? ChatMessage::Role::User : ChatMessage::Role::Assistant,
                        t.text.toStdString()});
  }
  auto built = build_chat_prompt(*engine_, messages);
  if (!built) {
    fail(requestId, built.error());
    return false;
  }
  ids = std::move(*built);
  return true;
}

void EngineWorker::inspectAdapter(quint64 requestId, const QString& path) {
  AdapterInfo info;
  info.path = path;
  info.name = AdapterSpec{path}.name();
  QString error;
  std::shared_ptr<const lora::Adapter> adapter;
  if (engine_) adapter = adapter_for(path, &error);
  if (adapter) {
    info.base_model = qstr(adapter->base_model);
    info.rank = adapter->rank;
    info.alpha = adapter->alpha;
    info.use_rslora = adapter->use_rslora;
    for (const std::string& t : adapter->targets()) info.targets.append(qstr(t));
    info.bytes = qint64(adapter->bytes());
    info.compatible = adapter->fits(engine_->config());
    if (!info.compatible) info.error = tr("Its shapes do not fit the loaded model.");
  } else {
    peek_config(path, info);
    info.error = engine_ ? error : tr("No model is loaded: compatibility unknown.");
  }
  emit adapterInfo(requestId, info);
}

void EngineWorker::fail(quint64 requestId, const Error& error) {
  const bool reload = is_device_error(error);
  if (reload) {
    session_.reset();
    engine_.reset();
    clear_adapters();
    emit modelUnloaded();
  }
  emit failed(requestId, qstr(error.message), reload);
}

void EngineWorker::generate(quint64 requestId, const tramontane::gui::ChatRequest& request) {
  begin_request(requestId);
  // Whatever way this request ends, readers see the history the cache then holds.
  struct Publish {
    EngineWorker* w;
    ~Publish() { w->publish_history(); }
  } publish{this};
  if (!engine_) {
    emit failed(requestId, tr("No model is loaded."), false);
    return;
  }
  if (!session_) {
    session_ = std::make_unique<Session>(*engine_);
    session_->set_probes(probes_.get());
  }

  std::vector<int32_t> ids_vec;
  if (!prompt_ids(requestId, request, ids_vec)) return;
  const std::vector<int32_t>* ids = &ids_vec;
  QString adapter_error;
  if (!build_set(request.adapters, &adapter_error)) {
    emit failed(requestId, adapter_error, false);
    return;
  }
  GenerationResult result;
  // Cache policy (header): a different active set recomputes the conversation.
  const QList<AdapterSpec> active = active_entries(request.adapters);
  if (active != cache_set_) {
    if (session_->n_past() > 0) result.recomputed = true;
    session_->reset();
    cache_set_ = active;
  }
  emit promptReady(requestId, QList<int>(ids->begin(), ids->end()));

  result.prompt_tokens = qint64(ids->size());
  qint64 seed = request.sampling.seed;
  if (seed == 0) seed = QRandomGenerator::global()->bounded(qint64(1), kMaxSeed);
  result.seed = seed;

  const PrefillProgress progress = [&](int64_t done, int64_t total) {
    emit prefillProgress(requestId, done, total);
    signal_probes(done == total);
  };
  const Status prefilled = session_->prefill_to(*ids, progress, &stop_);
  publish_history();
  if (Status st = prefilled; !st) {
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
    publish_history();  // at most once per kTokenIntervalMs: a visualizer opened now sees every token
    emit tokens(requestId, pending, count);
    pending.clear();
    emitted_count = count;
    emitted_any = true;
    since_emit.restart();
  };
  InjectedFault injected = InjectedFault::None;
  const TokenCallback on_text = [&](std::string_view text, int32_t id) {
    if (const InjectedFault f = inject_fault_.exchange(InjectedFault::None); f != InjectedFault::None) {
      injected = f;
      return false;
    }
    if (id >= 0) ++count;
    if (!text.empty()) pending += QString::fromUtf8(text.data(), qsizetype(text.size()));
    if (!pending.isEmpty() && (!emitted_any || since_emit.elapsed() >= kTokenIntervalMs)) flush();
    signal_probes(false);
    return true;
  };
  auto generated = session_->generate(gen, on_text, &stop_);
  signal_probes(true);
  if (!pending.isEmpty() || count != emitted_count) flush();
  if (injected == InjectedFault::Sticky) {
    fail(requestId, Error{ErrorKind::Internal, "cuda: injected device fault (test)"});
    return;
  }
  if (injected == InjectedFault::OutOfMemory) {
    fail(requestId, Error{ErrorKind::Resource, "cuda: injected allocation (test): out of memory"});
    return;
  }
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

void EngineWorker::compare(quint64 requestId, const ChatRequest& request,
                           const QList<QList<AdapterSpec>>& sets) {
  begin_request(requestId);
  if (!engine_) {
    emit failed(requestId, tr("No model is loaded."), false);
    return;
  }
  if (sets.isEmpty() || sets.size() > kMaxCompare) {
    emit failed(requestId, tr("Compare 1 to %1 adapter sets.").arg(kMaxCompare), false);
    return;
  }
  std::vector<int32_t> ids;
  if (!prompt_ids(requestId, request, ids)) return;
  const int n = int(sets.size());
  std::vector<lora::AdapterSet> adapter_sets(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    QString error;
    if (!make_set(sets[i], adapter_sets[size_t(i)], &error)) {
      emit failed(requestId, error, false);
      return;
    }
  }
  qint64 seed = request.sampling.seed;
  if (seed == 0) seed = QRandomGenerator::global()->bounded(qint64(1), kMaxSeed);
  SamplingParams params;
  params.temperature = float(std::max(0.0, request.sampling.temperature));
  params.top_k = std::max(0, request.sampling.top_k);
  params.top_p = float(request.sampling.top_p > 0 ? std::min(1.0, request.sampling.top_p) : 1.0);
  params.min_p = float(std::clamp(request.sampling.min_p, 0.0, 1.0));
  params.repetition_penalty = float(request.sampling.repeat_penalty > 0 ? request.sampling.repeat_penalty : 1.0);
  params.seed = static_cast<uint64_t>(seed);
  const int64_t max_tokens = std::max(0, request.sampling.max_tokens);
  const int64_t limit = engine_->context_limit();
  const Model& model = engine_->model();
  const Tokenizer& tok = engine_->tokenizer();
  const int64_t V = engine_->config().n_vocab;

  struct Column {
    KvCache cache;
    Sampler sampler;
    StreamDecoder decoder;
    std::vector<int32_t> history;
    std::vector<float> logits;
    std::string text;
    bool done = false;
    double seconds = 0;
  };
  std::vector<Column> cols;
  cols.reserve(size_t(n));
  for (int i = 0; i < n; ++i) {
    cols.push_back(Column{model.new_cache(), Sampler(params), StreamDecoder(tok), ids,
                          std::vector<float>(static_cast<size_t>(V)), std::string(), false, 0.0});
  }
  QList<CompareColumn> out;
  for (int i = 0; i < n; ++i) {
    CompareColumn c;
    c.adapters = sets[i];
    out.append(c);
  }

  // One batch step for the columns in `which` (tokens: their new ids); times each column.
  auto step = [&](const std::vector<int>& which, const std::vector<std::vector<int32_t>>& tokens, bool generated) -> Status {
    std::vector<SeqInput> batch;
    for (size_t k = 0; k < which.size(); ++k) {
      Column& c = cols[size_t(which[k])];
      const lora::AdapterSet& set = adapter_sets[size_t(which[k])];
      batch.push_back({&c.cache, tokens[k].data(), int64_t(tokens[k].size()), c.logits.data(), Logits::Last,
                       set.active() ? &set : nullptr, nullptr, generated});
    }
    QElapsedTimer t;
    t.start();
    Status st = model.forward_batch(batch);
    const double s = t.nsecsElapsed() / 1e9;
    for (int i : which) cols[size_t(i)].seconds += s;
    return st;
  };

  // Prefill: the prompt in every column at once, in chunks (the cancel flag between them).
  const int64_t chunk = std::max<int64_t>(1, engine_->chunk_size());
  for (int64_t at = 0; at < int64_t(ids.size()); at += chunk) {
    if (stop_.load()) break;
    const int64_t len = std::min<int64_t>(chunk, int64_t(ids.size()) - at);
    std::vector<int> all;
    std::vector<std::vector<int32_t>> toks;
    for (int i = 0; i < n; ++i) {
      all.push_back(i);
      toks.emplace_back(ids.begin() + at, ids.begin() + at + len);
    }
    if (Status st = step(all, toks, false); !st) {
      fail(requestId, st.error());
      return;
    }
    emit prefillProgress(requestId, at + len, qint64(ids.size()));
  }
  for (Column& c : cols) c.seconds = 0;  // time per generated token only

  const bool prefilled = !stop_.load();
  for (int i = 0; i < n; ++i) {
    if (!prefilled) {
      cols[size_t(i)].done = true;
      out[i].stop_reason = StopReason::Stopped;
    }
  }
  while (true) {
    std::vector<int> which;
    std::vector<std::vector<int32_t>> toks;
    for (int i = 0; i < n; ++i) {
      Column& c = cols[size_t(i)];
      if (c.done) continue;
      StopReason why = StopReason::None;
      if (stop_.load()) why = StopReason::Stopped;
      else if (out[i].tokens >= max_tokens) why = StopReason::MaxTokens;
      else if (limit > 0 && c.cache.n_past() >= limit) why = StopReason::ContextFull;
      int32_t next = -1;
      if (why == StopReason::None) {
        next = c.sampler.sample(c.logits.data(), V, c.history);
        if (next == tok.eos_id()) why = StopReason::EndOfText;
      }
      if (why != StopReason::None) {
        c.done = true;
        c.text += c.decoder.finish();
        out[i].stop_reason = why;
        out[i].text = QString::fromStdString(c.text);
        emit compareText(requestId, i, out[i].text);
        continue;
      }
      auto piece = c.decoder.push(next);
      if (!piece) {
        fail(requestId, piece.error());
        return;
      }
      c.text += *piece;
      c.history.push_back(next);
      ++out[i].tokens;
      if (!piece->empty()) emit compareText(requestId, i, QString::fromStdString(c.text));
      which.push_back(i);
      toks.push_back({next});
    }
    if (which.empty()) break;
    if (Status st = step(which, toks, true); !st) {
      fail(requestId, st.error());
      return;
    }
  }
  for (int i = 0; i < n; ++i) {
    out[i].text = QString::fromStdString(cols[size_t(i)].text);
    out[i].ms_per_token = out[i].tokens > 0 ? cols[size_t(i)].seconds * 1000.0 / double(out[i].tokens) : 0.0;
  }
  emit compareFinished(requestId, out);
}

}  // namespace tramontane::gui
