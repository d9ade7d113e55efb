#include "gui/core/remote_prompt.h"

#include <QCoreApplication>

#include "gui/core/remote_api.h"

namespace tramontane::gui {
namespace {

const QString kJoin = QStringLiteral("\n\n");  // mistral-common's separator for merged texts

struct Turn {
  Role role;
  QString text;
};

// mistral-common's normalisation (engine/tokenizer/chat_template.cpp): same-role runs merged with
// "\n\n" between non-empty texts, an empty user turn first when the list starts with an answer.
QList<Turn> merged(const QList<ChatTurn>& turns) {
  QList<Turn> out;
  bool has_text = false;
  for (const ChatTurn& t : turns) {
    const Role role = t.role == Role::Assistant ? Role::Assistant : Role::User;
    if (out.isEmpty() || out.back().role != role) {
      out.append(Turn{role, QString()});
      has_text = false;
    }
    if (t.text.isEmpty()) continue;
    if (has_text) out.back().text += kJoin;
    out.back().text += t.text;
    has_text = true;
  }
  if (out.isEmpty() || out.front().role != Role::User) out.prepend(Turn{Role::User, QString()});
  return out;
}

QString rstrip_spaces(QString s) {
  while (s.endsWith(QLatin1Char(' '))) s.chop(1);
  return s;
}

}  // namespace

QString prompt_format_key(PromptFormat f) {
  switch (f) {
    case PromptFormat::MistralV1: return QStringLiteral("v1");
    case PromptFormat::MistralV3: return QStringLiteral("v3");
    case PromptFormat::ChatML: return QStringLiteral("chatml");
    case PromptFormat::Server: break;
  }
  return QStringLiteral("server");
}

std::optional<PromptFormat> prompt_format_from_key(const QString& key) {
  for (PromptFormat f : {PromptFormat::Server, PromptFormat::MistralV1, PromptFormat::MistralV3, PromptFormat::ChatML})
    if (prompt_format_key(f) == key) return f;
  return std::nullopt;
}

QString prompt_format_path(PromptFormat f) {
  return f == PromptFormat::Server ? QStringLiteral("/v1/chat/completions") : QStringLiteral("/v1/completions");
}

std::optional<QString> render_prompt(PromptFormat f, ServerKind kind, const QString& system_prompt,
                                     const QList<ChatTurn>& turns, QString* error) {
  auto fail = [error](const QString& why) -> std::optional<QString> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (f == PromptFormat::Server)
    return fail(QCoreApplication::translate("RemotePrompt", "the server's chat template renders this conversation, not Tramontane"));
  if (turns.isEmpty()) return fail(QCoreApplication::translate("RemotePrompt", "the conversation has no messages"));
  if (f == PromptFormat::ChatML) {
    QString out;
    const auto turn = [&out](const QString& role, const QString& content) {
      out += QStringLiteral("<|im_start|>") + role + QLatin1Char('\n') + content + QStringLiteral("<|im_end|>\n");
    };
    if (!system_prompt.isEmpty()) turn(QStringLiteral("system"), system_prompt);
    for (const ChatTurn& t : turns)
      turn(t.role == Role::Assistant ? QStringLiteral("assistant") : QStringLiteral("user"), t.text);
    return out + QStringLiteral("<|im_start|>assistant\n");
  }
  if (turns.back().role == Role::Assistant)
    return fail(QCoreApplication::translate("RemotePrompt", "the last message is an answer; it must be a user message"));
  for (const ChatTurn& t : turns)
    if (t.role == Role::Assistant && t.text.isEmpty())
      return fail(QCoreApplication::translate("RemotePrompt", "an answer in the conversation is empty"));
  const QList<Turn> ts = merged(turns);
  qsizetype first_user = -1, last_user = -1;
  for (qsizetype i = 0; i < ts.size(); ++i) {
    if (ts[i].role != Role::User) continue;
    if (first_user < 0) first_user = i;
    last_user = i;
  }
  const bool v1 = f == PromptFormat::MistralV1;
  // V3 on llama.cpp: its tokenizer writes the dummy-prefix space after each special token itself.
  const QString sp = !v1 && kind == ServerKind::LlamaCpp ? QString() : QStringLiteral(" ");
  const qsizetype system_turn = v1 ? first_user : last_user;
  QString out;
  for (qsizetype i = 0; i < ts.size(); ++i) {
    const Turn& t = ts[i];
    if (t.role == Role::User) {
      const QString text = (i == system_turn && !system_prompt.isEmpty()) ? system_prompt + kJoin + t.text : t.text;
      out += v1 ? QStringLiteral("[INST] ") + text + QStringLiteral(" [/INST]")
                : QStringLiteral("[INST]") + sp + text + QStringLiteral("[/INST]");
    } else {
      out += (v1 ? QStringLiteral(" ") + t.text : sp + rstrip_spaces(t.text)) + QStringLiteral("</s>");
    }
  }
  return out;
}

}  // namespace tramontane::gui
