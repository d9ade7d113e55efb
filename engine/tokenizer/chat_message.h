#pragma once
// One message of a conversation, and the OpenAI-style JSON that carries conversations into the
// CLI (`chat-tokens --messages FILE.json`):
//   [{"role": "system" | "user" | "assistant", "content": "..."}, ...]
// Other keys of a message object are ignored.
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"

namespace tramontane {

struct ChatMessage {
  enum class Role { System, User, Assistant };
  Role role = Role::User;
  std::string content;
};

const char* chat_role_name(ChatMessage::Role role);   // "system", "user", "assistant"

// Parses the JSON above (hardened parse_json: UTF-8, depth, duplicate keys). Refused (BadInput,
// "SOURCE: ..."): not an array; no messages; an element that is not an object; a missing or
// unknown role; content that is missing or not a string; a system message that is not the first
// message or a second one.
Expected<std::vector<ChatMessage>> parse_chat_messages(std::string_view json, const std::string& source);

}  // namespace tramontane
