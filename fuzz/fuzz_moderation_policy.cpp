// parse_policy (a user's moderation policy JSON) on arbitrary bytes; an accepted policy is used
// as the classifier uses it (fill, label lookups, safe label).
#include <string_view>

#include "engine/moderation/policy.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  using namespace tramontane::moderation;
  auto p = parse_policy(std::string_view(reinterpret_cast<const char*>(data), size), "policy.json");
  if (!p) {
    FUZZ_CHECK(p.error().kind == ErrorKind::BadInput);
    return 0;
  }
  FUZZ_CHECK(p->labels.size() >= 2 && p->safe_index < p->labels.size());
  FUZZ_CHECK(p->threshold >= 0.0 && p->threshold <= 1.0);
  const std::string filled = p->fill("some {text} here");
  FUZZ_CHECK(filled.size() == p->template_text.size() - kTextPlaceholder.size() + 16);
  for (const PolicyLabel& l : p->labels) FUZZ_CHECK(p->label_index(l.name).has_value());
  (void)p->safe_label();
  return 0;
}
