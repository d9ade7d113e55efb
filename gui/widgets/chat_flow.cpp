#include "gui/widgets/chat_flow.h"

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/moderation_worker.h"
#include "gui/core/preset_store.h"

namespace tramontane::gui {

ChatFlow::ChatFlow(ChatStore& store, PresetStore& presets, EngineController& controller, QObject* parent)
    : QObject(parent), store_(store), presets_(presets), controller_(controller) {
  connect(&controller_, &EngineController::tokens, this, &ChatFlow::onTokens);
  connect(&controller_, &EngineController::finished, this, &ChatFlow::onFinished);
  connect(&controller_, &EngineController::failed, this, &ChatFlow::onFailed);
}

ChatFlow::~ChatFlow() = default;

std::optional<QString> ChatFlow::ready() const {
  if (!controller_.isLoaded()) return tr("No model is loaded. Open a model first (File > Open model file…).");
  if (controller_.busy() || streaming()) return tr("The engine is busy. Wait for it or press Stop.");
  if (pending()) return tr("The message is being checked by moderation. Wait a moment.");
  return std::nullopt;
}

std::optional<QString> ChatFlow::send(qint64 conversation_id, const QString& text, const Options& options) {
  if (auto e = ready()) return e;
  if (options.moderation.inputs()) return moderate_input(conversation_id, 0, text, options);
  auto user = store_.add_user_message(conversation_id, text);   // committed before generation
  if (!user.ok()) return user.error();
  return start(conversation_id, *user, options);
}

std::optional<QString> ChatFlow::regenerate(qint64 conversation_id, qint64 assistant_id, const Options& options) {
  if (auto e = ready()) return e;
  auto answer = store_.message(assistant_id);
  if (!answer.ok()) return answer.error();
  if (answer->role != Role::Assistant || !answer->parent_id) return tr("Only an answer can be regenerated.");
  // A sibling of the old answer (which stays, reachable through the branch switcher).
  return start(conversation_id, *answer->parent_id, options);
}

std::optional<QString> ChatFlow::editAndResend(qint64 conversation_id, qint64 user_id, const QString& text,
                                               const Options& options) {
  if (auto e = ready()) return e;
  if (options.moderation.inputs()) return moderate_input(conversation_id, user_id, text, options);
  auto edited = store_.edit_user_message(user_id, text);   // the old branch stays
  if (!edited.ok()) return edited.error();
  return start(conversation_id, *edited, options);
}

QList<ChatTurn> ChatFlow::turnsOf(const QList<Message>& path) {
  QList<ChatTurn> turns;
  for (const Message& m : path) {
    if (m.role == Role::System) continue;
    if (m.role == Role::Assistant && (m.content.isEmpty() || turns.isEmpty())) continue;
    if (!turns.isEmpty() && turns.last().role == m.role) {
      turns.last().text += QStringLiteral("\n\n") + m.content;
    } else {
      turns.append({m.role, m.content});
    }
  }
  while (!turns.isEmpty() && turns.last().role != Role::User) turns.removeLast();
  return turns;
}

std::optional<QString> ChatFlow::start(qint64 conversation_id, qint64 user_id, const Options& options) {
  auto path = store_.active_path(conversation_id);
  if (!path.ok()) return path.error();
  // The branch up to the question answered (for a regenerated answer the old one follows it).
  qsizetype end = path->size();
  while (end > 0 && path->at(end - 1).id != user_id) --end;
  if (end == 0) return tr("The conversation changed; try again.");
  const QList<Message> asked = path->first(end);

  Preset preset;
  if (!options.preset_id.isEmpty()) {
    auto found = presets_.preset(options.preset_id);
    if (found.ok()) preset = *found;
  }
  GenerationInfo info;
  info.model = controller_.modelInfo().name;
  info.adapters = adapters_to_json(options.adapters);
  info.preset_id = preset.id;
  info.preset_name = preset.name;
  info.preset_text = preset.text;
  info.sampling = options.sampling.to_json();

  ChatRequest request;
  request.system_prompt = preset.text;
  request.turns = turnsOf(asked);
  request.sampling = options.sampling.sampling;
  request.stop_at_context = options.sampling.stop_at_context;
  request.adapters = options.adapters;

  auto answer = store_.begin_assistant_message(user_id, info);
  if (!answer.ok()) return answer.error();
  conversation_id_ = conversation_id;
  answer_id_ = *answer;
  answer_moderation_ = options.moderation;
  text_.clear();
  since_first_token_.invalidate();
  if (controller_.generate(request) == 0) {
    report(store_.finish_assistant_message(answer_id_, QString(), StopReason::Error, 0));
    reset();
    return tr("The engine is busy. Wait for it or press Stop.");
  }
  emit answerStarted(conversation_id_, answer_id_);
  return std::nullopt;
}

void ChatFlow::onTokens(const QString& text, qint64 count) {
  if (!answer_id_) return;
  if (!since_first_token_.isValid()) since_first_token_.start();
  text_ += text;
  report(store_.update_partial(answer_id_, text_, count));
  const double seconds = since_first_token_.elapsed() / 1000.0;
  emit answerText(answer_id_, text_, count, seconds > 0.05 ? count / seconds : -1.0);
}

void ChatFlow::onFinished(const GenerationResult& result) {
  if (!answer_id_) return;
  const qint64 conversation = conversation_id_, answer = answer_id_;
  if (!result.text.isEmpty()) text_ = result.text;   // the whole answer, authoritative
  const StopReason reason = result.stop_reason == StopReason::None ? StopReason::EndOfText : result.stop_reason;
  report(store_.set_generation_result(answer, result.prompt_tokens, result.seed));
  report(store_.finish_assistant_message(answer, text_, reason, result.completion_tokens));
  const QString text = text_;
  const ChatModeration moderation = answer_moderation_;
  reset();
  emit answerFinished(conversation, answer, result);
  if (moderation.answers() && !text.trimmed().isEmpty()) {
    ModerationJob job;
    job.answer = true;
    job.conversation_id = conversation;
    job.message_id = answer;
    job.text = text;
    job.options.moderation = moderation;
    enqueue(std::move(job));
  }
}

void ChatFlow::onFailed(const QString& message, bool reload_needed) {
  if (!answer_id_) return;
  const qint64 conversation = conversation_id_, answer = answer_id_;
  report(store_.finish_assistant_message(answer, text_, StopReason::Error));
  reset();
  emit answerFailed(conversation, answer, message, reload_needed);
}

void ChatFlow::stop() { controller_.stop(); }

void ChatFlow::shutdown() {
  jobs_.clear();   // a pending input is dropped (nothing was written for it)
  running_ = false;
  if (moderation_) moderation_->cancel();
  if (answer_id_) {
    report(store_.finish_assistant_message(answer_id_, text_, StopReason::Interrupted));
    reset();
  }
  controller_.stop();
  report(store_.flush_partials());
}

void ChatFlow::report(const std::optional<QString>& error) {
  // A full disk fails every token's save the same way: the user hears it once per answer.
  if (!error || (answer_id_ && *error == last_store_error_)) return;
  last_store_error_ = answer_id_ ? *error : QString();
  emit storeError(*error);
}

void ChatFlow::reset() {
  last_store_error_.clear();
  conversation_id_ = 0;
  answer_id_ = 0;
  text_.clear();
  answer_moderation_ = ChatModeration{};
}

// --- in-chat moderation -----------------------------------------------------------------------

bool ChatFlow::pending() const {
  for (const ModerationJob& j : jobs_)
    if (!j.answer) return true;
  return false;
}

bool ChatFlow::moderating() const { return !jobs_.isEmpty(); }

std::optional<QString> ChatFlow::moderate_input(qint64 conversation_id, qint64 edited_id, const QString& text,
                                                const Options& options) {
  ModerationJob job;
  job.conversation_id = conversation_id;
  job.message_id = edited_id;
  job.text = text;
  job.options = options;
  enqueue(std::move(job));
  return std::nullopt;
}

void ChatFlow::enqueue(ModerationJob job) {
  jobs_.append(std::move(job));
  run_next();
}

void ChatFlow::run_next() {
  if (running_ || jobs_.isEmpty()) return;
  if (!moderation_) {
    moderation_ = new ModerationController(this);
    moderation_->setBatchSize(1);
    connect(moderation_, &ModerationController::verdictReady, this, &ChatFlow::on_verdict);
    connect(moderation_, &ModerationController::failed, this, &ChatFlow::on_moderation_failed);
  }
  // Moderate where the chat runs: the server while connected to one (MainWindow keeps it in step).
  if (controller_.isRemote() && !moderation_->isRemote()) moderation_->setRemote(controller_.remote());
  running_ = true;
  const ModerationJob& job = jobs_.first();
  const QString model = controller_.modelInfo().path;
  if (model.isEmpty()) {
    on_moderation_failed(tr("No model is loaded: open a model first"));
    return;
  }
  if (moderation_->modelPath() != model) moderation_->setModelPath(model);
  if (moderation_->policyKey() != job.options.moderation.policy) {
    if (auto e = moderation_->setPolicy(job.options.moderation.policy)) {
      on_moderation_failed(*e);
      return;
    }
  }
  if (moderation_->classify(job.text) == 0) on_moderation_failed(tr("Moderation is busy"));
}

QJsonObject ChatFlow::verdictJson(const ModerationVerdict& verdict, const ModerationPolicyInfo& policy,
                                  const ChatModeration& settings, bool answer, const QString& model) {
  QJsonObject o{{QStringLiteral("policy"), policy.name.isEmpty() ? settings.policy : policy.name},
                {QStringLiteral("side"), answer ? QStringLiteral("answer") : QStringLiteral("input")},
                {QStringLiteral("action"), ChatModeration::action_key(settings.action)}};
  if (!model.isEmpty()) o.insert(QStringLiteral("model"), model);
  if (!verdict.error.isEmpty() || !verdict.has_scores || verdict.probs.size() != policy.labels.size()) {
    o.insert(QStringLiteral("error"),
             verdict.error.isEmpty() ? QStringLiteral("the classifier gave no scores") : verdict.error);
    return o;
  }
  const bool flagged = verdict.p_unsafe >= policy.threshold;
  // The category of a flagged text: its most probable label other than the safe one.
  int unsafe_top = -1;
  QJsonObject probs;
  for (int i = 0; i < policy.labels.size(); ++i) {
    probs.insert(policy.labels[i], verdict.probs[i]);
    if (i != policy.safe_index && (unsafe_top < 0 || verdict.probs[i] > verdict.probs[unsafe_top])) unsafe_top = i;
  }
  const bool safe_ok = policy.safe_index >= 0 && policy.safe_index < policy.labels.size();
  QString category;
  if (flagged && unsafe_top >= 0) category = policy.labels[unsafe_top];
  else if (!flagged && safe_ok) category = policy.labels[policy.safe_index];
  o.insert(QStringLiteral("flagged"), flagged);
  o.insert(QStringLiteral("category"), category);
  if (verdict.top >= 0 && verdict.top < policy.labels.size()) o.insert(QStringLiteral("top"), policy.labels[verdict.top]);
  o.insert(QStringLiteral("p_unsafe"), verdict.p_unsafe);
  o.insert(QStringLiteral("threshold"), policy.threshold);
  o.insert(QStringLiteral("probs"), probs);
  o.insert(QStringLiteral("seconds"), verdict.seconds);
  return o;
}

void ChatFlow::on_verdict(const ModerationVerdict& verdict) {
  if (!running_ || jobs_.isEmpty()) return;
  const ModerationJob& job = jobs_.first();
  finish_job(verdictJson(verdict, moderation_->policy(), job.options.moderation, job.answer, moderation_->modelName()));
}

void ChatFlow::on_moderation_failed(const QString& message) {
  if (!running_ || jobs_.isEmpty()) return;
  const ModerationJob& job = jobs_.first();
  ModerationVerdict v;
  v.error = message.isEmpty() ? tr("moderation failed") : message;
  ModerationPolicyInfo policy;
  if (moderation_ && moderation_->policyKey() == job.options.moderation.policy) policy = moderation_->policy();
  finish_job(verdictJson(v, policy, job.options.moderation, job.answer,
                         moderation_ ? moderation_->modelName() : QString()));
}

void ChatFlow::finish_job(const QJsonObject& verdict) {
  const ModerationJob job = jobs_.takeFirst();
  running_ = false;
  const QString error = verdict.value(QStringLiteral("error")).toString();
  const bool flagged = verdict.value(QStringLiteral("flagged")).toBool();
  if (job.answer) {
    report(store_.set_moderation(job.message_id, verdict));
    emit moderationStored(job.conversation_id, job.message_id, verdict);
  } else if (job.options.moderation.action == ChatModeration::Action::Block && (flagged || !error.isEmpty())) {
    // Refused before anything is written.
    const QString reason =
        error.isEmpty()
            ? tr("Not sent: moderation flagged this message as \"%1\" (policy %2).")
                  .arg(verdict.value(QStringLiteral("category")).toString(),
                       verdict.value(QStringLiteral("policy")).toString())
            : tr("Not sent: the moderation check failed: %1").arg(error);
    emit sendRefused(job.conversation_id, job.text, reason);
  } else if (auto e = ready()) {
    emit sendRefused(job.conversation_id, job.text, *e);
  } else {
    auto user = job.message_id ? store_.edit_user_message(job.message_id, job.text)
                               : store_.add_user_message(job.conversation_id, job.text);
    if (!user.ok()) {
      emit sendRefused(job.conversation_id, job.text, user.error());
    } else {
      report(store_.set_moderation(*user, verdict));
      emit moderationStored(job.conversation_id, *user, verdict);
      if (auto err = start(job.conversation_id, *user, job.options)) emit sendRefused(job.conversation_id, job.text, *err);
    }
  }
  run_next();
}

}  // namespace tramontane::gui
