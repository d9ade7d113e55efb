#include "engine/moderation/policy.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/core/mapped_file.h"
#include "engine/core/text.h"
#include "engine/format/json_util.h"

namespace tramontane::moderation {

namespace detail {
// Defined in the file engine/CMakeLists.txt generates from resources/policies/*.json.
struct BuiltinPolicyText {
  const char* name;  // file stem
  const char* json;
};
const BuiltinPolicyText* builtin_policy_texts(size_t* count);
}  // namespace detail

namespace {

size_t count_occurrences(std::string_view s, std::string_view needle) {
  size_t n = 0;
  for (size_t at = s.find(needle); at != std::string_view::npos; at = s.find(needle, at + needle.size())) ++n;
  return n;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

Policy parse_or_throw(std::string_view json_text, const std::string& source) {
  auto parsed = parse_json(json_text, source);
  if (!parsed) throw ErrorException(parsed.error());
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object()) throw_bad_input(source + ": a policy must be a JSON object");

  Policy p;
  p.origin = source;
  p.name = json_require_string(doc, "name", source);
  if (p.name.empty()) throw_bad_input(source + ": field 'name' is empty");
  p.title = json_string(doc, "title", source).value_or(p.name);
  p.source = json_string(doc, "source", source).value_or("");
  p.template_text = json_require_string(doc, "template", source);
  const size_t n_placeholders = count_occurrences(p.template_text, kTextPlaceholder);
  if (n_placeholders == 0)
    throw_bad_input(source + ": the template has no placeholder " + std::string(kTextPlaceholder) +
                    " for the text to classify");
  if (n_placeholders > 1)
    throw_bad_input(source + ": the template has the placeholder " + std::string(kTextPlaceholder) + " " +
                    std::to_string(n_placeholders) + " times; it must appear once");

  if (auto t = json_number(doc, "threshold", source)) {
    if (!(*t >= 0.0 && *t <= 1.0)) throw_bad_input(source + ": field 'threshold' must be between 0 and 1");
    p.threshold = *t;
  }

  if (!doc.contains("labels") || doc.at("labels").is_null()) throw_bad_input(source + ": the policy has no labels");
  const nlohmann::json& labels = doc.at("labels");
  if (!labels.is_array()) throw_bad_input(source + ": field 'labels' must be an array");
  if (labels.empty()) throw_bad_input(source + ": the policy has no labels");
  std::set<std::string> seen;
  for (size_t i = 0; i < labels.size(); ++i) {
    const std::string where = source + ": label " + std::to_string(i + 1);
    const nlohmann::json& l = labels[i];
    PolicyLabel label;
    if (l.is_string()) {
      label.name = l.get<std::string>();
    } else if (l.is_object()) {
      label.name = json_require_string(l, "name", where);
      label.description = json_string(l, "description", where).value_or("");
    } else {
      throw_bad_input(where + ": must be an object {\"name\": ..., \"description\": ...} or a string");
    }
    if (label.name.empty()) throw_bad_input(where + ": the name is empty");
    if (is_space(label.name.front()) || is_space(label.name.back()))
      throw_bad_input(where + " '" + escape_for_message(label.name) +
                      "': leading or trailing whitespace (write the answer as the model would)");
    if (label.name.find('\n') != std::string::npos) throw_bad_input(where + ": the name has a newline");
    if (!seen.insert(label.name).second)
      throw_bad_input(source + ": duplicate label '" + escape_for_message(label.name) + "'");
    p.labels.push_back(std::move(label));
  }
  if (p.labels.size() < 2)
    throw_bad_input(source + ": the policy has one label; it needs at least two (a safe one and another)");

  auto safe = json_string(doc, "safe_label", source);
  if (!safe) throw_bad_input(source + ": the policy has no safe label (field 'safe_label')");
  auto idx = p.label_index(*safe);
  if (!idx)
    throw_bad_input(source + ": the safe label '" + escape_for_message(*safe) + "' is not one of the labels");
  p.safe_index = *idx;
  return p;
}

}  // namespace

std::string Policy::fill(std::string_view text) const {
  std::string out = template_text;
  const size_t at = out.find(kTextPlaceholder);
  if (at != std::string::npos) out.replace(at, kTextPlaceholder.size(), text);
  return out;
}

std::optional<size_t> Policy::label_index(std::string_view n) const {
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i].name == n) return i;
  return std::nullopt;
}

Expected<Policy> parse_policy(std::string_view json_text, const std::string& source) {
  return try_call([&] { return parse_or_throw(json_text, source); });
}

Expected<Policy> load_policy_file(const std::string& path) {
  auto text = read_text_file(path, kMaxPolicyBytes);
  if (!text) return text.error();
  return parse_policy(*text, path);
}

std::vector<std::string> builtin_policy_names() {
  size_t n = 0;
  const detail::BuiltinPolicyText* t = detail::builtin_policy_texts(&n);
  std::vector<std::string> names;
  for (size_t i = 0; i < n; ++i) names.emplace_back(t[i].name);
  std::sort(names.begin(), names.end());
  return names;
}

Expected<Policy> builtin_policy(std::string_view name) {
  size_t n = 0;
  const detail::BuiltinPolicyText* t = detail::builtin_policy_texts(&n);
  for (size_t i = 0; i < n; ++i) {
    if (name != t[i].name) continue;
    auto p = parse_policy(t[i].json, "built-in policy " + std::string(name));
    if (p) p->origin = "built-in";
    return p;
  }
  std::string known;
  for (const auto& k : builtin_policy_names()) known += (known.empty() ? "" : ", ") + k;
  return Error{ErrorKind::BadInput, "unknown policy '" + escape_for_message(name) + "' (built-in: " + known +
                                        "; or give a .json file)"};
}

Expected<Policy> resolve_policy(const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".json"))
    return load_policy_file(name_or_path);
  const auto names = builtin_policy_names();
  if (std::find(names.begin(), names.end(), name_or_path) != names.end()) return builtin_policy(name_or_path);
  std::error_code ec;
  if (std::filesystem::is_regular_file(name_or_path, ec)) return load_policy_file(name_or_path);
  return builtin_policy(name_or_path);  // the "unknown policy" error
}

}  // namespace tramontane::moderation
