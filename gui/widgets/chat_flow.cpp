#include "gui/widgets/chat_flow.h"

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/preset_store.h"

namespace tramontane::gui {

ChatFlow::ChatFlow(ChatStore& store, PresetStore& presets, EngineController& controller, QObject* parent)
    : QObject(parent), store_(store), presets_(presets), controller_(controller) {
  connect(&controller_, &EngineController::tokens, this, &ChatFlow::onTokens);
  connect(&controller_, &EngineController::finished, this, &ChatFlow::onFinished);
  connect(&controller_, &EngineController::failed, this, &ChatFlow::onFailed);
}

std::optional<QString> ChatFlow::ready() const {
  if (!controller_.isLoaded()) return tr("No model is loaded. Open a model first (File > Open model file…).");
  if (controller_.busy() || streaming()) return tr("The engine is busy. Wait for it or press Stop.");
  return std::nullopt;
}

std::optional<QString> ChatFlow::send(qint64 conversation_id, const QString& text, const Options& options) {
  if (auto e = ready()) return e;
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
  reset();
  emit answerFinished(conversation, answer, result);
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
  if (answer_id_) {
    report(store_.finish_assistant_message(answer_id_, text_, StopReason::Interrupted));
    reset();
  }
  controller_.stop();
  report(store_.flush_partials());
}

void ChatFlow::report(const std::optional<QString>& error) {
  if (error) emit storeError(*error);
}

void ChatFlow::reset() {
  conversation_id_ = 0;
  answer_id_ = 0;
  text_.clear();
}

}  // namespace tramontane::gui
