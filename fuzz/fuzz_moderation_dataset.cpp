// parse_dataset (moderation input files): the first byte picks CSV or JSONL, the rest is the file.
// For an accepted file, every row's value of every column goes through Dataset::text and
// label_is_positive, as the moderation run does.
#include <string_view>

#include "engine/moderation/dataset.h"
#include "engine/moderation/policy.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  using namespace tramontane::moderation;
  if (size == 0) return 0;
  static const Policy policy = *builtin_policy("binary");
  const DatasetFormat format = (data[0] & 1) ? DatasetFormat::Jsonl : DatasetFormat::Csv;
  auto ds = parse_dataset(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1), format, "input");
  if (!ds) {
    FUZZ_CHECK(ds.error().kind == ErrorKind::BadInput);
    return 0;
  }
  for (const DatasetRow& row : ds->rows) {
    FUZZ_CHECK(row.line >= 1);
    if (row.error.empty()) FUZZ_CHECK(row.values.size() == ds->columns.size());
    for (size_t c = 0; c < ds->columns.size(); ++c) {
      FUZZ_CHECK(ds->column(ds->columns[c]).has_value());
      auto text = ds->text(row, c);
      if (text) (void)label_is_positive(*text, policy);
    }
  }
  return 0;
}
