// read_safetensors on arbitrary bytes: no crash, no exception other than through Expected, and
// every accepted tensor lies inside the file's data section, the ranges tiling it exactly.
#include "engine/format/safetensors.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  const std::string& path = fuzz::input_file(data, size, ".safetensors");
  auto f = read_safetensors(path);
  if (!f) {
    FUZZ_CHECK(f.error().kind == ErrorKind::BadInput || f.error().kind == ErrorKind::Resource);
    return 0;
  }
  const uint8_t* begin = f->map->data();
  const uint8_t* end = begin + f->map->size();
  FUZZ_CHECK(f->map->size() == size);
  const uint8_t* pos = nullptr;
  unsigned sum = 0;
  for (const TensorView& t : f->tensors) {
    FUZZ_CHECK(t.data >= begin + 8 && t.data <= end && t.nbytes <= uint64_t(end - t.data));
    if (pos) FUZZ_CHECK(t.data == pos);  // in data-offset order, no gap, no overlap
    pos = t.data + t.nbytes;
    if (t.nbytes) sum += t.data[0] + t.data[t.nbytes - 1];
    FUZZ_CHECK(t.shape.size() <= 8);
  }
  if (pos) FUZZ_CHECK(pos == end);
  return int(sum & 0);
}
