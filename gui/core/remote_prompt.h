#pragma once
// The prompt format of the remote backend (RemoteConfig::prompt_format): the server's own chat
// template (POST /v1/chat/completions with "messages") or one of Tramontane's chat formats
// rendered here as TEXT and sent to POST /v1/completions as "prompt" (docs/REMOTE.md). Pure
// functions: no tokenizer, no network.
//
// We have no tokenizer of the remote model, so the conversation is rendered as the text whose
// tokenization (by a server that parses special-token text, as llama.cpp's server and vLLM's HF
// tokenizers do, and that adds BOS itself) gives the same tokens as engine/tokenizer/chat_template.h,
// i.e. mistral-common's and ChatML's layouts. No BOS is written (servers add it).
//   V1      "[INST] " + user + " [/INST]" + " " + assistant + "</s>" ... "[INST] " + user + " [/INST]"
//           (the space before an answer stands for SentencePiece's dummy prefix: mistral-common
//           encodes each answer on its own); the system prompt joins the FIRST user message as
//           system + "\n\n" + user.
//   V3      "[INST]" + user + "[/INST]" + assistant-without-trailing-spaces + "</s>" ... on llama.cpp's
//           server (its SentencePiece tokenizer puts the dummy-prefix space after every special
//           token itself); "[INST] " + user + "[/INST] " + answer + "</s>" elsewhere (Mistral 7B
//           Instruct v0.3's HF chat template: HF's tokenizer adds that space only at the very
//           start); the system prompt joins the LAST user message.
//   ChatML  "<|im_start|>" + role + "\n" + content + "<|im_end|>\n" per message (system first when
//           given), then "<|im_start|>assistant\n". No default system prompt is added (the local
//           engine adds the one the GGUF's template names; we do not know the remote one).
// V1/V3 follow mistral-common's message rules (chat_template.h): consecutive same-role turns merge
// with "\n\n", an empty user turn goes first when the conversation starts with an answer; refused
// (nullopt and `error`): no turns, a last turn that is not a user turn, an empty answer.
//
// Limit: the server parses special-token TEXT in the prompt, so a message containing "[INST]",
// "</s>" or "<|im_start|>" is read by the server as control tokens (the local engine keeps message
// text as text).
#include <QList>
#include <QString>

#include <optional>

#include "gui/core/engine_worker.h"

namespace tramontane::gui {

enum class ServerKind;  // remote_api.h

enum class PromptFormat { Server = 0, MistralV1 = 1, MistralV3 = 2, ChatML = 3 };

// "server", "v1", "v3", "chatml" (the settings' values).
QString prompt_format_key(PromptFormat f);
// nullopt for an unknown key.
std::optional<PromptFormat> prompt_format_from_key(const QString& key);
// The endpoint path: "/v1/chat/completions" (Server) or "/v1/completions".
QString prompt_format_path(PromptFormat f);

// The prompt text for `f` (not Server: nullopt with an error).
// `kind` picks V3's spacing (above); V1 and ChatML are the same for every server (V1 checked
// token for token on llama.cpp's tokenizer, ChatML against transformers' template text:
// tools/make_remote_completions_fixtures.py).
std::optional<QString> render_prompt(PromptFormat f, ServerKind kind, const QString& system_prompt,
                                     const QList<ChatTurn>& turns, QString* error);

}  // namespace tramontane::gui
