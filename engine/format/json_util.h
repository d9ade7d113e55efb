#pragma once
// JSON for readers of untrusted files (safetensors headers, config.json, chat messages, ...):
// a hardened parse plus typed field lookups whose errors name the source and the field.
//
// parse_json() refuses, before nlohmann::json sees the text:
//   - text that is not valid UTF-8 (strict: no overlong forms, surrogates or code points > U+10FFFF);
//   - a NUL byte anywhere (nlohmann would stop reading there and ignore the rest);
//   - arrays/objects nested deeper than max_depth (counted outside strings, escapes honoured),
//     so a hostile "[[[[..." costs neither stack nor memory;
// and after parsing:
//   - an object with the same key twice (the value would otherwise be ambiguous).
// Every error is BadInput with a one-line message starting with `source`:
//   "config.json: invalid JSON: syntax error while parsing value - unexpected '}' at byte 17"
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/status.h"
#include "engine/core/text.h"

namespace tramontane {

Expected<nlohmann::json> parse_json(std::string_view text, const std::string& source, size_t max_depth = 64);



// Field lookups on a JSON object `obj` (which must be an object). Absent or null -> nullopt.
// A present value of the wrong type throws ErrorException(BadInput) with
//   "SOURCE: field 'KEY' must be an integer"   (or "a number", "a boolean", "a string", ...).
// Integers must be JSON integers (4096, not 4096.0) that fit int64; numbers may be either.
std::optional<int64_t> json_int(const nlohmann::json& obj, std::string_view key, const std::string& source);
std::optional<double> json_number(const nlohmann::json& obj, std::string_view key, const std::string& source);
std::optional<bool> json_bool(const nlohmann::json& obj, std::string_view key, const std::string& source);
std::optional<std::string> json_string(const nlohmann::json& obj, std::string_view key,
                                       const std::string& source);

// The same, but absence (or null) throws "SOURCE: missing field 'KEY'".
int64_t json_require_int(const nlohmann::json& obj, std::string_view key, const std::string& source);
double json_require_number(const nlohmann::json& obj, std::string_view key, const std::string& source);
std::string json_require_string(const nlohmann::json& obj, std::string_view key, const std::string& source);

// A value (not a field) as an int64: nullopt unless it is a JSON integer within int64.
std::optional<int64_t> json_as_int(const nlohmann::json& v);

}  // namespace tramontane
