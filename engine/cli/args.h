#pragma once
// Command-line arguments of one tramontane-cli subcommand: positionals and --options.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace tramontane::cli {

class Args {
 public:
  // `flags` are options without a value (e.g. --bos); every other --name takes one value.
  static Expected<Args> parse(int argc, char** argv, int first, const std::vector<std::string>& flags);

  const std::vector<std::string>& positional() const { return positional_; }
  bool has(const std::string& name) const { return options_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  std::vector<std::string> get_all(const std::string& name) const;
  // Parsed numbers; a malformed value is a usage error naming the option.
  Expected<long long> get_int(const std::string& name, long long fallback, long long lo, long long hi) const;
  Expected<double> get_double(const std::string& name, double fallback) const;
  // Fails with a usage error naming any option not in `known`.
  Status check_known(const std::vector<std::string>& known) const;

 private:
  std::vector<std::string> positional_;
  std::multimap<std::string, std::string> options_;
};

Error usage_error(const std::string& message);

// "--tokens 1,2,3" -> {1, 2, 3}: comma-separated decimal int32 values, at most 2^20 of them;
// anything else is a usage error quoting the bad item.
Expected<std::vector<int32_t>> parse_token_ids(const std::string& s);

}  // namespace tramontane::cli
