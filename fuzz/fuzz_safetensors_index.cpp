// model.safetensors.index.json (engine/format/safetensors.h read_safetensors_checkpoint: the
// index's weight_map, its shard names, then every shard against it) on arbitrary bytes. The bytes
// are written as the index of this process's model directory in /dev/shm, which also holds copies
// of fixture shards: the two of tests/fixtures/format/sharded (model-0000{1,2}-of-00002.safetensors)
// and the two files of bad/bad_checkpoint_duplicate_across_files (a.safetensors, b.safetensors:
// the same tensor in both). Accepted checkpoints: tensor names unique, every tensor inside its
// file's bytes, the tensor list the files' tensors in order.
#include <set>
#include <string>

#include "engine/format/safetensors.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  static const std::string dir = [] {
    const std::string d = fuzz::temp_dir("-index");
    const std::pair<const char*, const char*> shards[] = {
        {"format/sharded/model-00001-of-00002.safetensors", "model-00001-of-00002.safetensors"},
        {"format/sharded/model-00002-of-00002.safetensors", "model-00002-of-00002.safetensors"},
        {"bad/bad_checkpoint_duplicate_across_files/a.safetensors", "a.safetensors"},
        {"bad/bad_checkpoint_duplicate_across_files/b.safetensors", "b.safetensors"}};
    for (const auto& [from, to] : shards) {
      const std::string bytes = fuzz::slurp(std::string(TRAMONTANE_FIXTURES "/") + from);
      fuzz::write_file(d + "/" + to, bytes.data(), bytes.size());
    }
    return d;
  }();
  fuzz::write_file(dir + "/model.safetensors.index.json", data, size);
  auto ck = read_safetensors_checkpoint(dir);
  if (!ck) {
    fuzz::note(ck.error().message);
    FUZZ_CHECK(ck.error().kind == ErrorKind::BadInput);
    return 0;
  }
  fuzz::note("accepted");
  FUZZ_CHECK(!ck->files.empty());
  std::set<std::string> names;
  size_t i = 0;
  for (const SafetensorsFile& f : ck->files) {
    const uint8_t* lo = f.map->data();
    const uint8_t* hi = lo + f.map->size();
    for (const TensorView& t : f.tensors) {
      FUZZ_CHECK(names.insert(t.name).second);
      FUZZ_CHECK(t.nbytes == 0 || (t.data >= lo && t.nbytes <= uint64_t(hi - t.data)));
      FUZZ_CHECK(i < ck->tensors.size() && ck->tensors[i].name == t.name && ck->tensors[i].data == t.data);
      ++i;
    }
  }
  FUZZ_CHECK(i == ck->tensors.size());
  return 0;
}
