#include "engine/tokenizer/tokenizer.h"

#include <sentencepiece_processor.h>

#include <exception>
#include <new>
#include <vector>

#include "engine/core/mapped_file.h"
#include "engine/tokenizer/unicode_class.h"

namespace tramontane {

Tokenizer::~Tokenizer() = default;

Expected<std::unique_ptr<Tokenizer>> Tokenizer::from_file(const std::string& path) {
  Expected<std::string> bytes = read_text_file(path, kMaxSpModelBytes);
  if (!bytes) return bytes.error();
  return from_model_proto(std::move(*bytes), path);
}

Expected<std::unique_ptr<Tokenizer>> Tokenizer::from_model_proto(std::string serialized, const std::string& source) {
  Expected<SpModelInfo> info = check_sentencepiece_model(serialized, source);
  if (!info) return info.error();
  return try_call([&]() -> std::unique_ptr<Tokenizer> {
    std::unique_ptr<Tokenizer> t(new Tokenizer());
    t->info_ = std::move(*info);
    t->source_ = source;
    t->sp_ = std::make_unique<sentencepiece::SentencePieceProcessor>();
    sentencepiece::util::Status status;
    try {
      status = t->sp_->LoadFromSerializedProto(serialized);  // parsed into its own copy
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      throw_bad_input(source + ": sentencepiece failed on the model: " + e.what());
    }
    if (!status.ok())
      throw_bad_input(source + ": sentencepiece refused the model: " + status.ToString());
    // The checks above and the library must agree on the vocabulary.
    if (t->sp_->GetPieceSize() != t->info_.n_pieces)
      throw_error(ErrorKind::Internal, source + ": sentencepiece sees " + std::to_string(t->sp_->GetPieceSize()) +
                                           " pieces, the model check " + std::to_string(t->info_.n_pieces));
    // A model the library loads may still be unable to encode (fuzz_sp_model found one: a
    // single-character control piece, now refused by the check). Try text of every kind once, so
    // such a model is refused when it is opened rather than at the first message.
    static const char* const kProbes[] = {"Hello, world! 0123456789",
                                          " ",
                                          "  a\tb\n\r",
                                          "\xE2\x96\x81 \xE2\x81\x87",  // the meta symbol, U+2047
                                          "\xC3\xB6 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80",
                                          "\xFF\xFE\x80",  // not UTF-8
                                          "[INST] <s></s> <0x41> <unk>",
                                          "~`!@#$%^&*()_+-=[]{}|;:'\",.<>/?"};
    std::vector<int> ids;
    for (const char* probe : kProbes) {
      const auto status = t->sp_->Encode(probe, &ids);
      if (!status.ok())
        throw_bad_input(source + ": sentencepiece cannot encode text with this model: " + status.ToString());
    }
    return t;
  });
}

Expected<std::unique_ptr<Tokenizer>> Tokenizer::from_bpe(BpeVocab vocab, const std::string& source) {
  Expected<BpeModel> model = BpeModel::create(std::move(vocab), source);
  if (!model) return model.error();
  return try_call([&]() -> std::unique_ptr<Tokenizer> {
    std::unique_ptr<Tokenizer> t(new Tokenizer());
    t->bpe_ = std::make_unique<BpeModel>(std::move(*model));
    t->source_ = source;
    t->info_.n_pieces = t->bpe_->n_tokens();
    t->info_.model_type = 2;
    t->info_.byte_fallback = false;
    t->info_.add_dummy_prefix = false;
    t->info_.remove_extra_whitespaces = false;
    t->info_.escape_whitespaces = false;
    t->info_.unk_surface.clear();
    return t;
  });
}

std::vector<int32_t> Tokenizer::encode(std::string_view text) const {
  if (bpe_) return bpe_->encode(text);
  std::vector<int> ids;
  const auto status = sp_->Encode(text, &ids);
  // A model that passed from_model_proto encodes the probe texts; should some other text still
  // fail, the model is at fault: BadInput naming it.
  if (!status.ok()) throw_bad_input(source_ + ": sentencepiece cannot encode this text with the model: " + status.ToString());
  return std::vector<int32_t>(ids.begin(), ids.end());
}

Expected<std::string> Tokenizer::decode(const std::vector<int32_t>& ids) const {
  for (size_t i = 0; i < ids.size(); ++i)
    if (!in_range(ids[i]))
      return Error{ErrorKind::BadInput, source_ + ": token id " + std::to_string(ids[i]) + " (position " +
                                            std::to_string(i) + ") is outside the vocabulary of " +
                                            std::to_string(info_.n_pieces)};
  if (bpe_) return utf8_lossy(bpe_->decode_bytes(ids));
  std::string text;
  const auto status = sp_->Decode(std::vector<int>(ids.begin(), ids.end()), &text);
  if (!status.ok()) return Error{ErrorKind::Internal, source_ + ": sentencepiece decode failed: " + status.ToString()};
  return text;
}

std::string Tokenizer::piece(int32_t id) const {
  if (!in_range(id)) return std::string();
  return bpe_ ? bpe_->vocab().tokens[size_t(id)] : sp_->IdToPiece(id);
}
int32_t Tokenizer::bos_id() const { return bpe_ ? bpe_->vocab().bos_id : sp_->bos_id(); }
int32_t Tokenizer::eos_id() const { return bpe_ ? bpe_->vocab().eos_id : sp_->eos_id(); }
int32_t Tokenizer::unk_id() const { return bpe_ ? bpe_->vocab().unk_id : sp_->unk_id(); }

std::string Tokenizer::token_bytes(int32_t id) const {
  return bpe_ && in_range(id) ? bpe_->token_bytes(id) : std::string();
}

const std::string& Tokenizer::chat_template_text() const {
  static const std::string none;
  return bpe_ ? bpe_->vocab().chat_template : none;
}

namespace {
int32_t bpe_type(const BpeModel& m, int32_t id) { return m.vocab().types[size_t(id)]; }
}  // namespace

std::optional<int32_t> Tokenizer::control_token(std::string_view piece) const {
  if (bpe_) {
    const int32_t id = bpe_->find(piece);
    if (id < 0 || bpe_type(*bpe_, id) != 3) return std::nullopt;
    return id;
  }
  const int id = sp_->PieceToId(piece);
  if (!in_range(id) || !sp_->IsControl(id) || sp_->IdToPiece(id) != piece) return std::nullopt;
  return id;
}

bool Tokenizer::is_control(int32_t id) const {
  if (!in_range(id)) return false;
  return bpe_ ? bpe_type(*bpe_, id) == 3 : sp_->IsControl(id);
}
bool Tokenizer::is_byte(int32_t id) const { return in_range(id) && !bpe_ && sp_->IsByte(id); }
bool Tokenizer::is_unknown(int32_t id) const {
  if (!in_range(id)) return false;
  return bpe_ ? bpe_type(*bpe_, id) == 2 : sp_->IsUnknown(id);
}

int Tokenizer::byte_value(int32_t id) const {
  return is_byte(id) ? byte_piece_value(sp_->IdToPiece(id)) : -1;
}

}  // namespace tramontane
