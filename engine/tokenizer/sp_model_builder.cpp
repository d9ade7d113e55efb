#include "engine/tokenizer/sp_model_builder.h"

#include "engine/tokenizer/protobuf_wire.h"

namespace tramontane {

Expected<std::string> build_sentencepiece_model(const SpVocab& v, const std::string& source) {
  const size_t n = v.pieces.size();
  if (v.scores.size() != n || v.types.size() != n)
    return Error{ErrorKind::BadInput, source + ": vocabulary has " + std::to_string(n) + " pieces, " +
                                          std::to_string(v.scores.size()) + " scores and " +
                                          std::to_string(v.types.size()) + " token types"};
  if (n > uint64_t(INT32_MAX))
    return Error{ErrorKind::BadInput, source + ": vocabulary has " + std::to_string(n) + " pieces"};
  const std::pair<const char*, int32_t> ids[] = {
      {"unknown", v.unk_id}, {"BOS", v.bos_id}, {"EOS", v.eos_id}, {"padding", v.pad_id}};
  for (const auto& [name, id] : ids)
    if (id < -1 || (id >= 0 && size_t(id) >= n))
      return Error{ErrorKind::BadInput, source + ": " + name + " token id " + std::to_string(id) +
                                            " is outside the vocabulary of " + std::to_string(n)};

  return try_call([&] {
    WireWriter model;
    for (size_t i = 0; i < n; ++i) {
      WireWriter p;
      p.add_bytes(1, v.pieces[i]);
      p.add_float(2, v.scores[i]);
      // Out-of-range types are written as they are, for the model check to name.
      p.add_varint(3, uint64_t(int64_t(v.types[i])));
      model.add_bytes(1, p.data());
    }

    WireWriter trainer;
    trainer.add_varint(3, 2);  // model_type BPE
    trainer.add_int32(4, int32_t(n));
    trainer.add_bool(35, v.byte_fallback);
    trainer.add_int32(40, v.unk_id);
    trainer.add_int32(41, v.bos_id);
    trainer.add_int32(42, v.eos_id);
    trainer.add_int32(43, v.pad_id);
    // libsentencepiece finds bos_id() etc. by these names (defaults "<unk>", "<s>", "</s>", "<pad>").
    const std::pair<uint32_t, int32_t> names[] = {{45, v.unk_id}, {46, v.bos_id}, {47, v.eos_id}, {48, v.pad_id}};
    for (const auto& [field, id] : names)
      if (id >= 0) trainer.add_bytes(field, v.pieces[size_t(id)]);
    model.add_bytes(2, trainer.data());

    WireWriter normalizer;
    normalizer.add_bytes(1, "identity");
    normalizer.add_bool(3, v.add_dummy_prefix);
    normalizer.add_bool(4, false);  // remove_extra_whitespaces
    normalizer.add_bool(5, true);   // escape_whitespaces
    model.add_bytes(3, normalizer.data());
    return model.take();
  });
}

}  // namespace tramontane
