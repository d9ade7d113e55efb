// read_npy on arbitrary bytes: BadInput, or an array whose data matches its shape.
#include "engine/format/npy.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  const std::string& path = fuzz::input_file(data, size, ".npy");
  auto a = read_npy(path);
  if (!a) {
    FUZZ_CHECK(a.error().kind == ErrorKind::BadInput || a.error().kind == ErrorKind::Resource);
    return 0;
  }
  const int64_t n = a->numel();
  FUZZ_CHECK(n >= 0);
  FUZZ_CHECK(uint64_t(n) == (a->is_f64 ? a->f64.size() : a->f32.size()));
  volatile double sink = 0;
  for (int64_t i = 0; i < n; ++i) sink = a->at(i);
  (void)sink;
  return 0;
}
