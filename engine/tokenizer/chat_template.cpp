#include "engine/tokenizer/chat_template.h"

#include <string>

namespace tramontane {

namespace {

using Role = ChatMessage::Role;

constexpr std::string_view kJoin = "\n\n";   // mistral-common's separator for merged texts

// mistral-common's validator (ValidationMode.test) for messages of these three roles.
void validate(const std::vector<ChatMessage>& msgs) {
  if (msgs.empty()) throw_bad_input("chat: the conversation has no messages");
  if (msgs.size() == 1 && msgs[0].role == Role::Assistant)
    throw_bad_input("chat: a conversation of one message must be a user or system message");
  if (msgs.size() > 1 && msgs.back().role == Role::Assistant)
    throw_bad_input("chat: the last message is an assistant message; it must be a user message");
  for (size_t i = 0; i < msgs.size(); ++i) {
    if (msgs[i].role == Role::System && i > 0 && msgs[i - 1].role == Role::Assistant)
      throw_bad_input("chat: message " + std::to_string(i) + ": a system message may not follow an assistant message");
    if (msgs[i].role == Role::Assistant && msgs[i].content.empty())
      throw_bad_input("chat: message " + std::to_string(i) + ": the assistant message is empty");
  }
}

// Appends `text` to `acc` with the separator between non-empty parts.
void join_into(std::string* acc, bool* has_text, const std::string& text) {
  if (text.empty()) return;
  if (*has_text) acc->append(kJoin);
  acc->append(text);
  *has_text = true;
}

struct Normalized {
  std::optional<std::string> system;   // the joined system prompt, when any is non-empty
  std::vector<ChatMessage> turns;      // user and assistant only, same roles merged
};

// mistral-common's InstructRequestNormalizer: system prompts out, same-role runs merged.
Normalized normalize(const std::vector<ChatMessage>& msgs) {
  Normalized n;
  std::string system;
  bool system_has_text = false;
  for (const ChatMessage& m : msgs)
    if (m.role == Role::System) join_into(&system, &system_has_text, m.content);
  if (system_has_text) n.system = std::move(system);

  // A run is broken by any change of role, a system message included (which then vanishes).
  std::optional<Role> run_role;
  bool run_has_text = false;
  for (const ChatMessage& m : msgs) {
    if (!run_role || *run_role != m.role) {
      run_role = m.role;
      run_has_text = false;
      if (m.role != Role::System) n.turns.push_back(ChatMessage{m.role, std::string()});
    }
    if (m.role != Role::System) join_into(&n.turns.back().content, &run_has_text, m.content);
  }
  if (n.turns.empty() || n.turns.front().role != Role::User)
    n.turns.insert(n.turns.begin(), ChatMessage{Role::User, std::string()});
  return n;
}

std::string rstrip_spaces(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

void append(std::vector<int32_t>* out, const std::vector<int32_t>& ids) {
  out->insert(out->end(), ids.begin(), ids.end());
}

std::vector<int32_t> build_chatml(const Tokenizer& tok, const std::vector<ChatMessage>& messages) {
  if (messages.empty()) throw_bad_input("chat: the conversation has no messages");
  const std::optional<int32_t> start = tok.control_token("<|im_start|>"), end = tok.control_token("<|im_end|>");
  if (!start || !end)
    throw_bad_input(tok.source() + ": the chatml chat template needs <|im_start|> and <|im_end|> control tokens; "
                                   "this tokenizer has none");
  std::vector<int32_t> out;
  const std::vector<int32_t> newline = tok.encode("\n");
  const auto turn = [&](const std::string& role, const std::string& content) {
    out.push_back(*start);
    append(&out, tok.encode(role + "\n" + content));
    out.push_back(*end);
    append(&out, newline);
  };
  if (messages.front().role != Role::System)
    if (auto system = chatml_default_system(tok.chat_template_text())) turn("system", *system);
  for (const ChatMessage& m : messages) turn(chat_role_name(m.role), m.content);
  out.push_back(*start);
  append(&out, tok.encode("assistant\n"));
  return out;
}

std::vector<int32_t> build(const Tokenizer& tok, ChatTemplate t, const std::vector<ChatMessage>& messages) {
  if (t == ChatTemplate::ChatML) return build_chatml(tok, messages);
  validate(messages);
  const int32_t bos = tok.bos_id(), eos = tok.eos_id();
  if (bos < 0 || eos < 0) throw_bad_input(tok.source() + ": the tokenizer has no BOS or EOS control token");
  std::optional<int32_t> inst, end_inst;
  if (t == ChatTemplate::V3) {
    inst = tok.control_token("[INST]");
    end_inst = tok.control_token("[/INST]");
    if (!inst || !end_inst)
      throw_bad_input(tok.source() + ": the v3 chat template needs [INST] and [/INST] control tokens; "
                                     "this tokenizer has none (use v1)");
  }

  const Normalized n = normalize(messages);
  size_t first_user = n.turns.size(), last_user = 0;
  for (size_t i = 0; i < n.turns.size(); ++i) {
    if (n.turns[i].role != Role::User) continue;
    if (first_user == n.turns.size()) first_user = i;
    last_user = i;
  }

  std::vector<int32_t> out{bos};
  for (size_t i = 0; i < n.turns.size(); ++i) {
    const ChatMessage& m = n.turns[i];
    if (m.role == Role::User) {
      const size_t system_turn = t == ChatTemplate::V1 ? first_user : last_user;
      const std::string text =
          (i == system_turn && n.system) ? *n.system + std::string(kJoin) + m.content : m.content;
      if (t == ChatTemplate::V1) {
        append(&out, tok.encode("[INST] " + text + " [/INST]"));
      } else {
        out.push_back(*inst);
        append(&out, tok.encode(text));
        out.push_back(*end_inst);
      }
    } else {
      append(&out, tok.encode(t == ChatTemplate::V1 ? m.content : rstrip_spaces(m.content)));
      out.push_back(eos);
    }
  }
  return out;
}

}  // namespace

const char* chat_template_name(ChatTemplate t) {
  switch (t) {
    case ChatTemplate::V1: return "v1";
    case ChatTemplate::V3: return "v3";
    case ChatTemplate::ChatML: return "chatml";
  }
  return "?";
}

std::optional<ChatTemplate> chat_template_from_name(std::string_view name) {
  if (name == "v1") return ChatTemplate::V1;
  if (name == "v3") return ChatTemplate::V3;
  if (name == "chatml") return ChatTemplate::ChatML;
  return std::nullopt;
}

std::optional<std::string> chatml_default_system(std::string_view text) {
  // The literal in '...<|im_start|>system\nTEXT<|im_end|>...' (a real newline or the escape \n).
  constexpr std::string_view kStart = "<|im_start|>system", kEnd = "<|im_end|>";
  for (size_t at = text.find(kStart); at != std::string_view::npos; at = text.find(kStart, at + 1)) {
    std::string_view rest = text.substr(at + kStart.size());
    if (rest.substr(0, 1) == "\n") rest.remove_prefix(1);
    else if (rest.substr(0, 2) == "\\n") rest.remove_prefix(2);
    else continue;
    const size_t stop = rest.find(kEnd);
    if (stop == std::string_view::npos) continue;
    const std::string_view body = rest.substr(0, stop);
    // Only a plain literal: no Jinja expression, quote or escape inside.
    if (body.empty() || body.find_first_of("{}'\"\\+") != std::string_view::npos) continue;
    return std::string(body);
  }
  return std::nullopt;
}

ChatTemplate detect_template(const Tokenizer& tok) {
  if (tok.chat_template_text().find("<|im_start|>") != std::string::npos ||
      (tok.control_token("<|im_start|>") && tok.control_token("<|im_end|>")))
    return ChatTemplate::ChatML;
  return tok.control_token("[INST]") && tok.control_token("[/INST]") ? ChatTemplate::V3 : ChatTemplate::V1;
}

Expected<std::vector<int32_t>> apply_chat_template(const Tokenizer& tok, ChatTemplate t,
                                                   const std::vector<ChatMessage>& messages) {
  return try_call([&] { return build(tok, t, messages); });
}

}  // namespace tramontane
