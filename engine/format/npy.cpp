#include "engine/format/npy.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

#include "engine/core/checked_math.h"
#include "engine/core/mapped_file.h"
#include "engine/core/tensor.h"

namespace tramontane {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr uint64_t kMagicLen = 6;
constexpr uint64_t kMaxDataBytes = 1ull << 30;
constexpr uint64_t kMaxHeaderLen = 1u << 16;
constexpr size_t kMaxDims = 32;

// The header is a Python dict literal, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
// This parser accepts exactly the subset NumPy writes: string keys; string, True/False and
// tuple-of-integers values.
class HeaderParser {
 public:
  HeaderParser(std::string_view s, const std::string& path) : s_(s), path_(path) {}

  void parse(std::string* descr, bool* fortran, std::vector<int64_t>* shape) {
    bool have_descr = false, have_fortran = false, have_shape = false;
    expect('{');
    while (true) {
      skip_ws();
      if (peek() == '}') { ++i_; break; }
      const std::string key = parse_string();
      expect(':');
      skip_ws();
      if (key == "descr") {
        *descr = parse_string();
        have_descr = true;
      } else if (key == "fortran_order") {
        *fortran = parse_bool();
        have_fortran = true;
      } else if (key == "shape") {
        *shape = parse_tuple();
        have_shape = true;
      } else {
        fail("unknown header key '" + key + "'");
      }
      skip_ws();
      if (peek() == ',') { ++i_; continue; }
      expect('}');
      break;
    }
    if (!have_descr || !have_fortran || !have_shape)
      fail("header lacks one of 'descr', 'fortran_order', 'shape'");
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw_bad_input(path_ + ": npy header: " + what);
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skip_ws() { while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_; }
  void expect(char c) {
    skip_ws();
    if (peek() != c) fail(std::string("expected '") + c + "' at offset " + std::to_string(i_));
    ++i_;
  }
  std::string parse_string() {
    skip_ws();
    const char q = peek();
    if (q != '\'' && q != '"') fail("expected a quoted string at offset " + std::to_string(i_));
    const size_t end = s_.find(q, i_ + 1);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string out(s_.substr(i_ + 1, end - i_ - 1));
    i_ = end + 1;
    return out;
  }
  bool parse_bool() {
    if (s_.substr(i_, 4) == "True") { i_ += 4; return true; }
    if (s_.substr(i_, 5) == "False") { i_ += 5; return false; }
    fail("fortran_order must be True or False");
  }
  std::vector<int64_t> parse_tuple() {
    std::vector<int64_t> dims;
    expect('(');
    while (true) {
      skip_ws();
      if (peek() == ')') { ++i_; break; }
      if (peek() < '0' || peek() > '9') fail("shape entries must be non-negative integers");
      int64_t v = 0;
      while (peek() >= '0' && peek() <= '9') {
        if (v > (int64_t(1) << 40)) fail("shape entry too large");
        v = v * 10 + (s_[i_++] - '0');
      }
      if (dims.size() >= kMaxDims) fail("more than 32 dimensions");
      dims.push_back(v);
      skip_ws();
      if (peek() == ',') { ++i_; continue; }
      expect(')');
      break;
    }
    return dims;
  }

  std::string_view s_;
  size_t i_ = 0;
  const std::string& path_;
};

Expected<NpyArray> read_npy_impl(const std::string& path) {
  auto mapped = MappedFile::open(path);
  if (!mapped) return mapped.error();
  const uint8_t* p = (*mapped)->data();
  const uint64_t size = (*mapped)->size();
  auto bad = [&](const std::string& what) { return Error{ErrorKind::BadInput, path + ": " + what}; };

  if (size < kMagicLen + 2 || std::memcmp(p, kMagic, kMagicLen) != 0) return bad("not a .npy file (bad magic)");
  const uint8_t major = p[6];
  uint64_t header_len = 0, header_start = 0;
  if (major == 1) {
    if (size < 10) return bad("truncated header length");
    header_len = uint64_t(p[8]) | uint64_t(p[9]) << 8;
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (size < 12) return bad("truncated header length");
    header_len = uint64_t(p[8]) | uint64_t(p[9]) << 8 | uint64_t(p[10]) << 16 | uint64_t(p[11]) << 24;
    header_start = 12;
  } else {
    return bad("unsupported .npy format version " + std::to_string(major));
  }
  if (header_len > kMaxHeaderLen) return bad("header length " + std::to_string(header_len) + " too large");
  const uint64_t data_start = header_start + header_len;
  if (data_start > size)
    return bad("header of " + std::to_string(header_len) + " bytes ends past the file (" + std::to_string(size) +
               " bytes)");

  std::string_view header(reinterpret_cast<const char*>(p + header_start), size_t(header_len));
  while (!header.empty() && (header.back() == '\n' || header.back() == ' ' || header.back() == '\0'))
    header.remove_suffix(1);
  std::string descr;
  bool fortran = false;
  NpyArray arr;
  HeaderParser(header, path).parse(&descr, &fortran, &arr.shape);
  if (fortran) return bad("fortran_order arrays are not supported");
  uint64_t elem = 0;
  if (descr == "<f4") {
    elem = 4;
  } else if (descr == "<f8") {
    elem = 8;
    arr.is_f64 = true;
  } else {
    return bad("dtype '" + descr + "' is not supported (only '<f4' and '<f8')");
  }

  std::optional<uint64_t> count = 1;
  for (int64_t d : arr.shape) {
    count = checked_mul(*count, uint64_t(d));
    if (!count) return bad("shape " + shape_string(arr.shape) + " overflows");
  }
  auto nbytes = checked_mul(*count, elem);
  if (!nbytes || *nbytes > kMaxDataBytes) return bad("array of shape " + shape_string(arr.shape) + " is too large");
  // An empty array (a zero dimension) must not hide huge other dimensions either: a reader that
  // multiplies them in another order would overflow (found by fuzz_npy).
  uint64_t nonzero = 1;
  for (int64_t d : arr.shape)
    if (d != 0) nonzero = std::min<uint64_t>(kMaxDataBytes + 1, nonzero * std::min<uint64_t>(uint64_t(d), kMaxDataBytes + 1));
  if (nonzero * elem > kMaxDataBytes)
    return bad("array of shape " + shape_string(arr.shape) + " is too large (its non-zero dimensions)");
  if (size - data_start != *nbytes)
    return bad("data is " + std::to_string(size - data_start) + " bytes, shape " + shape_string(arr.shape) +
               " needs " + std::to_string(*nbytes));

  const uint8_t* data = p + data_start;
  if (arr.is_f64) {
    arr.f64.resize(size_t(*count));
    if (*count) std::memcpy(arr.f64.data(), data, size_t(*nbytes));
  } else {
    arr.f32.resize(size_t(*count));
    if (*count) std::memcpy(arr.f32.data(), data, size_t(*nbytes));
  }
  return arr;
}

}  // namespace

int64_t NpyArray::numel() const {
  // A zero dimension anywhere makes the array empty; the product of the others may then be any
  // size (read_npy checks the product in order, which reaches 0 before it can overflow).
  for (int64_t d : shape)
    if (d == 0) return 0;
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

Status write_npy_f32(const std::string& path, const float* data, const std::vector<int64_t>& shape) {
  std::string dims;
  uint64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0) return Error{ErrorKind::Internal, path + ": negative dimension in npy shape"};
    if (!dims.empty()) dims += ", ";
    dims += std::to_string(d);
    auto c = checked_mul(count, uint64_t(d));
    if (!c) return Error{ErrorKind::Internal, path + ": npy shape overflows"};
    count = *c;
  }
  if (shape.size() == 1) dims += ",";  // Python's 1-tuple: "(3,)"
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Pad with spaces so that magic + version + length + header + '\n' is a multiple of 64.
  const size_t unpadded = kMagicLen + 2 + 2 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');

  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!f) return Error{ErrorKind::BadInput, path + ": cannot open for writing: " + std::strerror(errno)};
  const uint8_t prefix[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, uint8_t(header.size() & 0xff),
                              uint8_t(header.size() >> 8)};
  bool ok = std::fwrite(prefix, 1, sizeof prefix, f.get()) == sizeof prefix &&
            std::fwrite(header.data(), 1, header.size(), f.get()) == header.size();
  if (ok && count) ok = std::fwrite(data, sizeof(float), size_t(count), f.get()) == size_t(count);
  if (std::fflush(f.get()) != 0) ok = false;
  if (!ok) return Error{ErrorKind::BadInput, path + ": write failed: " + std::strerror(errno)};
  return {};
}

Expected<NpyArray> read_npy(const std::string& path) {
  return try_call([&]() -> NpyArray {
    auto r = read_npy_impl(path);
    if (!r) throw ErrorException(r.error());
    return std::move(*r);
  });
}

}  // namespace tramontane
