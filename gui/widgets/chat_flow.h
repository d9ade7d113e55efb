#pragma once
// ChatFlow: one answer from start to end, between the ChatStore and the EngineController.
// Send: the user message is committed first, then an empty streaming answer recording what
// produces it (model, LoRA adapter set, preset and its text, sampling), then the request (the shown branch in
// the model's chat template, the preset as system prompt) goes to the worker. Tokens update the
// answer in the store (throttled commits) and in the view; the end commits it with its stop
// reason and token counts. No widgets here (QtCore only): the window shows what it signals.
//
// In-chat moderation (Options::moderation, issue 7) runs on a ModerationController (its own
// worker thread and CPU engine over the chat model's file), created on first use. With inputs
// moderated, send() and editAndResend() first classify the text: nothing is written until the
// verdict is in (pending() is true meanwhile and the flow refuses other requests). A flagged text
// with the Block action is refused (sendRefused, with the text to put back in the composer);
// otherwise the message is written with its verdict and the answer starts. With answers
// moderated, a finished answer is classified after it is committed and its verdict stored.
// Verdicts are stored with their message (ChatStore::set_moderation, see verdictJson).
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>

#include <optional>

#include "gui/core/engine_worker.h"
#include "gui/widgets/app_settings.h"

namespace tramontane::gui {

class ChatStore;
class EngineController;
class ModerationController;
class PresetStore;
struct ModerationPolicyInfo;
struct ModerationVerdict;

class ChatFlow : public QObject {
  Q_OBJECT
 public:
  struct Options {
    QString preset_id;             // empty or unknown: no system prompt
    ConversationSampling sampling;
    QList<AdapterSpec> adapters;   // the conversation's LoRA set (recorded with the answer)
    ChatModeration moderation;     // off by default
  };

  ChatFlow(ChatStore& store, PresetStore& presets, EngineController& controller, QObject* parent = nullptr);
  ~ChatFlow() override;

  // Each returns an error for the user, or nullopt when the answer started (or, with inputs
  // moderated, when the text went to moderation: the answer starts or sendRefused follows). They
  // refuse (before writing anything) while no model is loaded, the engine is busy or an input
  // waits for its verdict.
  std::optional<QString> send(qint64 conversation_id, const QString& text, const Options& options);
  std::optional<QString> regenerate(qint64 conversation_id, qint64 assistant_id, const Options& options);
  std::optional<QString> editAndResend(qint64 conversation_id, qint64 user_id, const QString& text,
                                       const Options& options);
  void stop();
  // The window closes: the answer in progress is committed as interrupted and the engine stopped.
  void shutdown();

  bool streaming() const { return answer_id_ != 0; }
  // An input waits for its moderation verdict.
  bool pending() const;
  // Moderation requests queued or running (inputs and answers).
  bool moderating() const;
  // The controller used for chat moderation (nullptr before the first moderated message).
  ModerationController* moderation() const { return moderation_; }

  // The verdict as stored with a message: {"policy", "side" ("input"/"answer"), "action",
  // "flagged", "category" (the top label), "p_unsafe", "threshold", "probs" {label: p},
  // "model", "seconds"} or, when the classification failed, {"policy", "side", "action", "error"}.
  static QJsonObject verdictJson(const ModerationVerdict& verdict, const ModerationPolicyInfo& policy,
                                 const ChatModeration& settings, bool answer, const QString& model);
  qint64 streamingConversation() const { return conversation_id_; }
  qint64 streamingMessage() const { return answer_id_; }
  QString streamingText() const { return text_; }

  // The request for the shown branch ending with a user message (same-role neighbours merged,
  // empty answers left out, so the template always gets user/assistant alternating).
  static QList<ChatTurn> turnsOf(const QList<Message>& path);

 signals:
  void answerStarted(qint64 conversation_id, qint64 answer_id);
  void answerText(qint64 answer_id, const QString& text_so_far, qint64 tokens, double tokens_per_second);
  void answerFinished(qint64 conversation_id, qint64 answer_id, const tramontane::gui::GenerationResult& result);
  void answerFailed(qint64 conversation_id, qint64 answer_id, const QString& message, bool reload_needed);
  void storeError(const QString& message);
  // A moderated input was not sent: `reason` for the user, `text` to put back in the composer.
  void sendRefused(qint64 conversation_id, const QString& text, const QString& reason);
  // A verdict was stored with `message_id` (the user message just written, or a finished answer).
  void moderationStored(qint64 conversation_id, qint64 message_id, const QJsonObject& verdict);

 private:
  std::optional<QString> ready() const;
  std::optional<QString> start(qint64 conversation_id, qint64 user_id, const Options& options);
  void onTokens(const QString& text, qint64 count);
  void onFinished(const GenerationResult& result);
  void onFailed(const QString& message, bool reload_needed);
  void report(const std::optional<QString>& error);
  void reset();

  struct ModerationJob {
    bool answer = false;
    qint64 conversation_id = 0;
    qint64 message_id = 0;   // the answer; for an input: the edited message (0: a new one)
    QString text;
    Options options;
  };
  std::optional<QString> moderate_input(qint64 conversation_id, qint64 edited_id, const QString& text,
                                        const Options& options);
  void enqueue(ModerationJob job);
  void run_next();
  void on_verdict(const ModerationVerdict& verdict);
  void on_moderation_failed(const QString& message);
  void finish_job(const QJsonObject& verdict);

  ChatStore& store_;
  PresetStore& presets_;
  EngineController& controller_;
  qint64 conversation_id_ = 0;
  qint64 answer_id_ = 0;
  QString text_;
  QString last_store_error_;   // reported once per answer (see report())
  QElapsedTimer since_first_token_;
  ChatModeration answer_moderation_;   // of the answer streaming now

  ModerationController* moderation_ = nullptr;   // child, created on first use
  QList<ModerationJob> jobs_;                    // jobs_.first() runs when running_
  bool running_ = false;
};

}  // namespace tramontane::gui
