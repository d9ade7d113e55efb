#pragma once
// ChatFlow: one answer from start to end, between the ChatStore and the EngineController.
// Send: the user message is committed first, then an empty streaming answer recording what
// produces it (model, LoRA adapter set, preset and its text, sampling), then the request (the shown branch in
// the model's chat template, the preset as system prompt) goes to the worker. Tokens update the
// answer in the store (throttled commits) and in the view; the end commits it with its stop
// reason and token counts. No widgets here (QtCore only): the window shows what it signals.
#include <QElapsedTimer>
#include <QObject>

#include <optional>

#include "gui/core/engine_worker.h"
#include "gui/widgets/app_settings.h"

namespace tramontane::gui {

class ChatStore;
class EngineController;
class PresetStore;

class ChatFlow : public QObject {
  Q_OBJECT
 public:
  struct Options {
    QString preset_id;             // empty or unknown: no system prompt
    ConversationSampling sampling;
    QList<AdapterSpec> adapters;   // the conversation's LoRA set (recorded with the answer)
  };

  ChatFlow(ChatStore& store, PresetStore& presets, EngineController& controller, QObject* parent = nullptr);

  // Each returns an error for the user, or nullopt when the answer started. They refuse (before
  // writing anything) while no model is loaded or the engine is busy.
  std::optional<QString> send(qint64 conversation_id, const QString& text, const Options& options);
  std::optional<QString> regenerate(qint64 conversation_id, qint64 assistant_id, const Options& options);
  std::optional<QString> editAndResend(qint64 conversation_id, qint64 user_id, const QString& text,
                                       const Options& options);
  void stop();
  // The window closes: the answer in progress is committed as interrupted and the engine stopped.
  void shutdown();

  bool streaming() const { return answer_id_ != 0; }
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

 private:
  std::optional<QString> ready() const;
  std::optional<QString> start(qint64 conversation_id, qint64 user_id, const Options& options);
  void onTokens(const QString& text, qint64 count);
  void onFinished(const GenerationResult& result);
  void onFailed(const QString& message, bool reload_needed);
  void report(const std::optional<QString>& error);
  void reset();

  ChatStore& store_;
  PresetStore& presets_;
  EngineController& controller_;
  qint64 conversation_id_ = 0;
  qint64 answer_id_ = 0;
  QString text_;
  QElapsedTimer since_first_token_;
};

}  // namespace tramontane::gui
