// Hardened JSON parsing (UTF-8 and depth pre-scan, duplicate keys) and typed field lookups.
#include "engine/format/json_util.h"

#include <cmath>
#include <limits>
#include <new>
#include <set>

namespace tramontane {

namespace {

Error bad(const std::string& source, const std::string& what) {
  return Error{ErrorKind::BadInput, source + ": " + what};
}

// Deepest nesting of [ and { outside strings; stops counting once past `limit`.
// Example: `{"a": [1, "[[["]}` has depth 2 (brackets inside the string do not count).
size_t nesting_depth(std::string_view text, size_t limit, size_t* where) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) {
          *where = i;
          return deepest;
        }
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// nlohmann's what(): "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error
// ..." -> "syntax error ..." (the byte offset is reported separately).
std::string clean_what(const char* what) {
  std::string_view s(what);
  if (size_t p = s.find("] "); s.substr(0, 1) == "[" && p != std::string_view::npos) s.remove_prefix(p + 2);
  if (s.substr(0, 11) == "parse error") {
    if (size_t p = s.find(": "); p != std::string_view::npos) s.remove_prefix(p + 2);
  }
  return escape_for_message(s, 240);
}

[[noreturn]] void wrong_type(std::string_view key, const std::string& source, const char* expected) {
  throw_bad_input(source + ": field '" + escape_for_message(key) + "' must be " + expected);
}

[[noreturn]] void missing(std::string_view key, const std::string& source) {
  throw_bad_input(source + ": missing field '" + escape_for_message(key) + "'");
}

// The value of `key`, or nullptr when absent or null.
const nlohmann::json* field(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace



Expected<nlohmann::json> parse_json(std::string_view text, const std::string& source, size_t max_depth) {
  size_t at = 0;
  if (!is_valid_utf8(text, &at))
    return bad(source, "invalid JSON: not valid UTF-8 at byte " + std::to_string(at));
  // nlohmann's lexer takes a NUL byte for the end of input; JSON never holds one (not even in strings).
  if (size_t nul = text.find('\0'); nul != std::string_view::npos)
    return bad(source, "invalid JSON: NUL byte at byte " + std::to_string(nul));
  if (nesting_depth(text, max_depth, &at) > max_depth)
    return bad(source, "invalid JSON: nested deeper than " + std::to_string(max_depth) + " levels at byte " +
                           std::to_string(at));
  // Duplicate keys: one set of seen keys per open object (nesting is bounded above).
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  bool has_duplicate = false;
  auto callback = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::object_start) {
      open_objects.emplace_back();
    } else if (event == E::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == E::key && !open_objects.empty() && parsed.is_string()) {
      if (!open_objects.back().insert(parsed.get_ref<const std::string&>()).second && !has_duplicate) {
        has_duplicate = true;
        duplicate = parsed.get_ref<const std::string&>();
      }
    }
    return true;
  };
  try {
    nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), callback);
    if (has_duplicate) return bad(source, "invalid JSON: duplicate key '" + escape_for_message(duplicate) + "'");
    return j;
  } catch (const nlohmann::json::parse_error& e) {
    return bad(source, "invalid JSON: " + clean_what(e.what()) + " at byte " + std::to_string(e.byte));
  } catch (const nlohmann::json::exception& e) {
    return bad(source, "invalid JSON: " + clean_what(e.what()));
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::Resource, source + ": out of memory while parsing JSON"};
  }
}

std::optional<int64_t> json_as_int(const nlohmann::json& v) {
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    if (u > uint64_t(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return int64_t(u);
  }
  if (v.is_number_integer()) return v.get<int64_t>();
  return std::nullopt;
}

std::optional<int64_t> json_int(const nlohmann::json& obj, std::string_view key, const std::string& source) {
  const nlohmann::json* v = field(obj, key);
  if (!v) return std::nullopt;
  std::optional<int64_t> i = json_as_int(*v);
  if (!i) wrong_type(key, source, v->is_number_integer() ? "an integer that fits in 64 bits" : "an integer");
  return i;
}

std::optional<double> json_number(const nlohmann::json& obj, std::string_view key, const std::string& source) {
  const nlohmann::json* v = field(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_number()) wrong_type(key, source, "a number");
  const double d = v->get<double>();
  if (!std::isfinite(d)) wrong_type(key, source, "a finite number");
  return d;
}

std::optional<bool> json_bool(const nlohmann::json& obj, std::string_view key, const std::string& source) {
  const nlohmann::json* v = field(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) wrong_type(key, source, "a boolean");
  return v->get<bool>();
}

std::optional<std::string> json_string(const nlohmann::json& obj, std::string_view key,
                                       const std::string& source) {
  const nlohmann::json* v = field(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) wrong_type(key, source, "a string");
  return v->get<std::string>();
}

int64_t json_require_int(const nlohmann::json& obj, std::string_view key, const std::string& source) {
  if (auto v = json_int(obj, key, source)) return *v;
  missing(key, source);
}

double json_require_number(const nlohmann::json& obj, std::string_view key, const std::string& source) {
  if (auto v = json_number(obj, key, source)) return *v;
  missing(key, source);
}

std::string json_require_string(const nlohmann::json& obj, std::string_view key, const std::string& source) {
  if (auto v = json_string(obj, key, source)) return *std::move(v);
  missing(key, source);
}

}  // namespace tramontane
