#include "engine/cli/args.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>

namespace tramontane::cli {

Error usage_error(const std::string& message) { return Error{ErrorKind::Usage, message}; }

Expected<Args> Args::parse(int argc, char** argv, int first, const std::vector<std::string>& flags) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s.size() > 2 && s.rfind("--", 0) == 0) {
      std::string name = s.substr(2);
      std::string value;
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (std::find(flags.begin(), flags.end(), name) == flags.end()) {
        if (i + 1 >= argc) return usage_error("option --" + name + " needs a value");
        value = argv[++i];
      }
      a.options_.emplace(name, value);
    } else {
      a.positional_.push_back(s);
    }
  }
  return a;
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Args::get_all(const std::string& name) const {
  std::vector<std::string> out;
  auto [b, e] = options_.equal_range(name);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

Expected<long long> Args::get_int(const std::string& name, long long fallback, long long lo, long long hi) const {
  auto v = get(name);
  if (!v) return fallback;
  errno = 0;
  char* end = nullptr;
  long long x = std::strtoll(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || errno == ERANGE || x < lo || x > hi)
    return usage_error("--" + name + " must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) +
                       ", got '" + *v + "'");
  return x;
}

Expected<double> Args::get_double(const std::string& name, double fallback) const {
  auto v = get(name);
  if (!v) return fallback;
  char* end = nullptr;
  double x = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != '\0') return usage_error("--" + name + " must be a number, got '" + *v + "'");
  return x;
}

Status Args::check_known(const std::vector<std::string>& known) const {
  for (const auto& [k, v] : options_)
    if (std::find(known.begin(), known.end(), k) == known.end()) return usage_error("unknown option --" + k);
  return {};
}

Expected<std::vector<int32_t>> parse_token_ids(const std::string& s) {
  constexpr size_t kMaxTokens = size_t(1) << 20;
  std::vector<int32_t> ids;
  size_t i = 0;
  while (i <= s.size()) {
    const size_t comma = std::min(s.find(',', i), s.size());
    const std::string item = s.substr(i, comma - i);
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || errno == ERANGE || v < INT32_MIN || v > INT32_MAX)
      return usage_error("--tokens must be comma-separated integers, got '" + item + "'");
    if (ids.size() >= kMaxTokens) return usage_error("--tokens: more than 1048576 tokens");
    ids.push_back(int32_t(v));
    i = comma + 1;
  }
  return ids;
}

}  // namespace tramontane::cli
