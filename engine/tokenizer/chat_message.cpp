#include "engine/tokenizer/chat_message.h"

#include "engine/format/json_util.h"

namespace tramontane {

const char* chat_role_name(ChatMessage::Role role) {
  switch (role) {
    case ChatMessage::Role::System: return "system";
    case ChatMessage::Role::User: return "user";
    case ChatMessage::Role::Assistant: return "assistant";
  }
  return "?";
}

Expected<std::vector<ChatMessage>> parse_chat_messages(std::string_view json, const std::string& source) {
  Expected<nlohmann::json> doc = parse_json(json, source);
  if (!doc) return doc.error();
  return try_call([&] {
    if (!doc->is_array()) throw_bad_input(source + ": expected a JSON array of messages");
    if (doc->empty()) throw_bad_input(source + ": no messages");
    std::vector<ChatMessage> out;
    out.reserve(doc->size());
    for (size_t i = 0; i < doc->size(); ++i) {
      const std::string where = source + ": message " + std::to_string(i);
      const nlohmann::json& m = (*doc)[i];
      if (!m.is_object()) throw_bad_input(where + " is not an object");
      const std::string role = json_require_string(m, "role", where);
      ChatMessage msg;
      if (role == "system") msg.role = ChatMessage::Role::System;
      else if (role == "user") msg.role = ChatMessage::Role::User;
      else if (role == "assistant") msg.role = ChatMessage::Role::Assistant;
      else throw_bad_input(where + ": role '" + escape_for_message(role) + "' is not system, user or assistant");
      msg.content = json_require_string(m, "content", where);
      if (msg.role == ChatMessage::Role::System && i != 0)
        throw_bad_input(where + ": a system message may only be the first message");
      out.push_back(std::move(msg));
    }
    return out;
  });
}

}  // namespace tramontane
