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
// mistral-common's rules for the message list, followed here:
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
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/tokenizer/chat_message.h"
#include "engine/tokenizer/tokenizer.h"

namespace tramontane {

enum class ChatTemplate { V1, V3 };

const char* chat_template_name(ChatTemplate t);                      // "v1", "v3"
std::optional<ChatTemplate> chat_template_from_name(std::string_view name);

// V3 when the tokenizer has "[INST]" and "[/INST]" as control tokens, else V1.
ChatTemplate detect_template(const Tokenizer& tok);

// BadInput for the refused conversations above, for a tokenizer without BOS/EOS, and for V3
// with a tokenizer that lacks the [INST]/[/INST] control tokens.
Expected<std::vector<int32_t>> apply_chat_template(const Tokenizer& tok, ChatTemplate t,
                                                   const std::vector<ChatMessage>& messages);

}  // namespace tramontane
