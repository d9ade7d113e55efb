#pragma once
// A moderation policy as data: the prompt that asks the model to classify a text, the answers
// (labels) it may give, and which answer means "safe". Built-in policies come from
// resources/policies/*.json (compiled into the engine); users may load their own file.
//
// File format (UTF-8 JSON object, at most 1 MiB):
//   {
//     "name": "mistral13",                    required, non-empty
//     "title": "...", "source": "...",        optional text (display, attribution)
//     "template": "... {text} ...",           required; "{text}" exactly once: the text to classify
//     "labels": [{"name": "illegal", "description": "..."}, ...],   required, >= 2, names unique
//     "safe_label": "not moderated",          required, one of the label names
//     "threshold": 0.5                        optional, in [0, 1]: flagged when P(not safe) >= it
//   }
// A label name is the answer exactly as the model would write it after the prompt: non-empty,
// no leading or trailing whitespace, no newline. Errors are BadInput "SOURCE: ..." naming the
// file and the problem (no labels, no safe label, a duplicate label, no placeholder, ...).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"

namespace tramontane::moderation {

inline constexpr std::string_view kTextPlaceholder = "{text}";
inline constexpr size_t kMaxPolicyBytes = size_t(1) << 20;

struct PolicyLabel {
  std::string name;         // the answer text, e.g. "hate violence harassment"
  std::string description;  // for people; not sent to the model unless the template says it
};

struct Policy {
  std::string name;
  std::string title;
  std::string source;
  std::string template_text;         // contains kTextPlaceholder exactly once
  std::vector<PolicyLabel> labels;   // >= 2, unique names
  size_t safe_index = 0;             // labels[safe_index] is the safe answer
  double threshold = 0.5;            // default decision threshold on P(not safe)
  std::string origin;                // "built-in" or the file it was read from

  const std::string& safe_label() const { return labels[safe_index].name; }
  // The template with the placeholder replaced by `text` (the user message sent to the model).
  std::string fill(std::string_view text) const;
  // The index of the label named `name`, or nullopt.
  std::optional<size_t> label_index(std::string_view name) const;
};

// Parses and checks a policy; `source` names it in errors ("policies/mine.json").
Expected<Policy> parse_policy(std::string_view json_text, const std::string& source);
// Reads `path` (at most kMaxPolicyBytes) and parses it; errors name the path.
Expected<Policy> load_policy_file(const std::string& path);

// The built-in policies' names, in a stable order ("binary", "mistral13").
std::vector<std::string> builtin_policy_names();
// A built-in policy by name; BadInput naming the known ones when there is none.
Expected<Policy> builtin_policy(std::string_view name);
// `name_or_path`: a built-in name, else a file (anything containing '/' or ending in ".json",
// or an existing file). BadInput for an unknown name or a bad file.
Expected<Policy> resolve_policy(const std::string& name_or_path);

}  // namespace tramontane::moderation
