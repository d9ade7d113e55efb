#pragma once
// Text checks shared by the readers of untrusted files.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tramontane {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
// On failure, *bad_at (when given) is the byte offset of the first bad sequence.
bool is_valid_utf8(std::string_view s, size_t* bad_at = nullptr);

// A name or key for a one-line message: printable ASCII kept, other bytes (and '\\') as \xNN,
// cut after `limit` bytes with "...".
std::string escape_for_message(std::string_view s, size_t limit = 96);

// A size for a message: "512 bytes", "12.30 MiB", "1.25 GiB".
std::string bytes_text(uint64_t bytes);

}  // namespace tramontane
