#include "engine/sampling/stop_matcher.h"

#include <algorithm>

namespace tramontane {

namespace {

// The largest e' <= e such that s[0, e') does not end inside a UTF-8 sequence that is still
// incomplete. Invalid bytes are not held (they would never complete).
size_t utf8_safe_end(const std::string& s, size_t e) {
  size_t i = e;
  int cont = 0;
  while (i > 0 && cont < 3 && (uint8_t(s[i - 1]) & 0xC0) == 0x80) {
    --i;
    ++cont;
  }
  if (i == 0) return e;
  const uint8_t lead = uint8_t(s[i - 1]);
  const size_t need = lead >= 0xF0 && lead < 0xF8 ? 4 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xC0 && lead < 0xE0 ? 2 : 1;
  return e - (i - 1) < need ? i - 1 : e;
}

}  // namespace

StopMatcher::StopMatcher(std::vector<std::string> stop_strings, std::vector<int32_t> stop_tokens)
    : stop_tokens_(std::move(stop_tokens)) {
  for (auto& s : stop_strings)
    if (!s.empty()) stops_.push_back(std::move(s));
}

StopMatcher::Step StopMatcher::feed(int32_t token, std::string_view piece) {
  if (stopped_) return {"", true, ""};
  if (std::find(stop_tokens_.begin(), stop_tokens_.end(), token) != stop_tokens_.end()) {
    stopped_ = true;
    Step step{std::move(held_), true, ""};
    held_.clear();
    return step;
  }
  return feed_text(piece);
}

StopMatcher::Step StopMatcher::feed_text(std::string_view piece) {
  if (stopped_) return {"", true, ""};
  held_ += piece;

  // A completed stop string: the earliest one wins (the longest among those starting there).
  size_t best = std::string::npos;
  const std::string* which = nullptr;
  for (const auto& s : stops_) {
    const size_t pos = held_.find(s);
    if (pos < best || (pos != std::string::npos && pos == best && s.size() > which->size())) {
      best = pos;
      which = &s;
    }
  }
  if (which) {
    stopped_ = true;
    Step step{held_.substr(0, best), true, *which};
    held_.clear();
    return step;
  }

  // Hold the longest tail that is a proper prefix of some stop string.
  size_t hold = 0;
  for (const auto& s : stops_) {
    for (size_t len = std::min(s.size() - 1, held_.size()); len > hold; --len) {
      if (held_.compare(held_.size() - len, len, s, 0, len) == 0) {
        hold = len;
        break;
      }
    }
  }
  const size_t emit = utf8_safe_end(held_, held_.size() - hold);
  Step step{held_.substr(0, emit), false, ""};
  held_.erase(0, emit);
  return step;
}

std::string StopMatcher::flush() {
  std::string rest = std::move(held_);
  held_.clear();
  return rest;
}

}  // namespace tramontane
