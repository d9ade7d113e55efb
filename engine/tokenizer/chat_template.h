#pragma once
// Mistral instruct chat formats, token-identical to mistral-common (1.13.1,
// MistralTokenizer.from_file(...).encode_chat_completion) for system, user and assistant text.
//
// Token layout (BOS once at the start; "encode" is Tokenizer::encode of that text alone):
//   V1 (tokenizer.model v1; "[INST]" is plain text):
//     user       encode("[INST] " + text + " [/INST]"), the system prompt prepended to the FIRST
//                user message as system + "\n\n" + text
//     assistant  encode(text) + [EOS]
//   V3 (tokenizer.model.v3, Mistral 7B Instruct v0.3; [INST]/[/INST] are control tokens):
//     user       [INST] + encode(text) + [/INST], the system prompt prepended to the LAST user
//                message as system + "\n\n" + text
//     assistant  encode(text without trailing ' ') + [EOS]
//
// ChatML (SmolLM2, Qwen; token-identical to transformers' apply_chat_template(..., tokenize=True,
// add_generation_prompt=True) with the GGUF's tokenizer.chat_template, when the content has no
// special-token text: here such text stays text, so a message cannot forge a turn):
//   [<|im_start|>] encode(role + "\n" + content) [<|im_end|>] encode("\n")    for each message
//   [<|im_start|>] encode("assistant\n")                                      at the end
//   When the first message is not a system message, the template's default system prompt goes
//   first: the literal after "<|im_start|>system\n" in tokenizer.chat_template (SmolLM2: "You are
//   a helpful AI assistant named SmolLM, trained by Hugging Face"), none when the template has none.
//   Refused (BadInput): no messages; a tokenizer without <|im_start|>/<|im_end|> control tokens.
//   Otherwise any order of roles is taken, as the template does.
//
// mistral-common's rules for the message list (V1, V3), followed here:
//   - refused (BadInput): no messages; a single message that is not user or system; a last
//     message that is an assistant message (there is nothing to generate after it); a system
//     message right after an assistant message; an assistant message with empty content
//   - every non-empty system message joins the system prompt (in order, "\n\n" between) and
//     leaves the list; then consecutive messages of the same role merge into one ("\n\n"
//     between non-empty contents); if the list is empty or starts with an assistant message,
//     an empty user message goes first
//   e.g. [system S, user A, user B] -> user "S\n\nA\n\nB";  [assistant X, user Y] -> user "",
//   assistant X, user Y;  [user A, system S, user B] -> user A, user B (two [INST] blocks).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/tokenizer/chat_message.h"
#include "engine/tokenizer/tokenizer.h"

namespace tramontane {

enum class ChatTemplate { V1, V3, ChatML };

const char* chat_template_name(ChatTemplate t);                      // "v1", "v3", "chatml"
std::optional<ChatTemplate> chat_template_from_name(std::string_view name);

// ChatML when the model's chat template text (Tokenizer::chat_template_text()) contains
// "<|im_start|>", or the tokenizer has <|im_start|> and <|im_end|> control tokens; else V3 when
// it has "[INST]" and "[/INST]" as control tokens, else V1.
ChatTemplate detect_template(const Tokenizer& tok);

// ChatML's default system prompt read from a chat template text (see above); nullopt when none.
std::optional<std::string> chatml_default_system(std::string_view template_text);

// BadInput for the refused conversations above, for a tokenizer without BOS/EOS, and for V3
// with a tokenizer that lacks the [INST]/[/INST] control tokens.
Expected<std::vector<int32_t>> apply_chat_template(const Tokenizer& tok, ChatTemplate t,
                                                   const std::vector<ChatMessage>& messages);

}  // namespace tramontane
