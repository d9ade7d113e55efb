#pragma once
// The Protocol Buffers wire format (protobuf.dev/programming-guides/encoding), just enough for
// SentencePiece's ModelProto: a reader that walks one message's fields with every varint and
// length checked against the bytes left, and a writer that appends fields.
//
// A message is a sequence of fields: key varint (field_number << 3 | wire_type), then
//   wire type 0 VARINT  a varint (1..10 bytes, little-endian groups of 7 bits)
//   wire type 1 I64     8 bytes little-endian
//   wire type 2 LEN     a varint length, then that many bytes (strings, bytes, sub-messages)
//   wire type 5 I32     4 bytes little-endian (float)
// Wire types 3 and 4 (deprecated groups), 6 and 7 do not occur in ModelProto and are refused.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace tramontane {

enum class WireType : uint8_t { Varint = 0, I64 = 1, Len = 2, I32 = 5 };

const char* wire_type_name(WireType t);  // "varint", "64-bit", "length-delimited", "32-bit"

struct WireField {
  uint32_t number = 0;       // 1 .. 2^29 - 1
  WireType type = WireType::Varint;
  uint64_t varint = 0;       // Varint
  uint64_t fixed = 0;        // I64 or I32 (the low 32 bits)
  std::string_view bytes;    // Len: the payload, a view into the message
  uint64_t offset = 0;       // where the key starts, counted from the start of the file
};

// Walks the fields of one message. `where` names the message in errors, e.g.
// "tokenizer.model: trainer_spec"; `base` is the message's offset in the file (for messages).
// next() throws ErrorException(BadInput) on malformed bytes:
//   "tokenizer.model: trainer_spec: field 35 at byte 1234: length 9999999 runs past the end of
//    the message (12 bytes left)"
class WireReader {
 public:
  WireReader(std::string_view message, std::string where, uint64_t base = 0)
      : msg_(message), where_(std::move(where)), base_(base) {}

  // Reads the next field into *f; false at the end of the message.
  bool next(WireField* f);

  const std::string& where() const { return where_; }

 private:
  [[noreturn]] void fail(uint64_t at, const std::string& what) const;
  uint64_t read_varint(uint64_t field_start, const char* what);

  std::string_view msg_;
  std::string where_;
  uint64_t base_;
  size_t pos_ = 0;
};

// Appends fields in wire format.
class WireWriter {
 public:
  void add_varint(uint32_t number, uint64_t v);
  void add_int32(uint32_t number, int32_t v);    // negative values take 10 bytes (sign-extended)
  void add_bool(uint32_t number, bool v) { add_varint(number, v ? 1 : 0); }
  void add_float(uint32_t number, float v);
  void add_bytes(uint32_t number, std::string_view v);   // strings, bytes and sub-messages

  const std::string& data() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void put_varint(uint64_t v);
  std::string out_;
};

}  // namespace tramontane
