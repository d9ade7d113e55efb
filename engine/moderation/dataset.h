#pragma once
// Texts to moderate from a file, and the evaluation against labels (shared by the CLI's
// `moderate` and the app's moderation panel).
//
// CSV (RFC 4180): the first record is the header (column names); fields separated by ',',
// records by CRLF or LF; a field in double quotes may hold commas, line breaks and "" for a
// quote. A UTF-8 byte-order mark at the start is skipped; blank lines are skipped. A record that
// is not valid UTF-8, has a different number of fields than the header, or has a character after
// a closing quote becomes a row with an error (the others are read on); an unterminated quote
// makes the rest of the file one bad row.
// JSONL: one JSON object per non-blank line (hardened parse_json); the columns are the keys seen,
// in order of first appearance. A string value is taken as is, a number or boolean as its JSON
// text ("1", "true"), null as absent; a line that is not a valid object becomes a row error.
//
// Errors of the whole file (BadInput naming it): it cannot be read, it is larger than
// kMaxDatasetBytes, a CSV has no header or a bad one (not UTF-8, duplicate names).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/moderation/policy.h"

namespace tramontane::moderation {

inline constexpr uint64_t kMaxDatasetBytes = uint64_t(4) << 30;
inline constexpr size_t kMaxTextBytes = size_t(1) << 20;  // a longer text is a row error

enum class DatasetFormat { Csv, Jsonl };

struct DatasetRow {
  int64_t line = 0;                                // 1-based line where the record starts
  std::string error;                               // non-empty: the row could not be read
  std::vector<std::optional<std::string>> values;  // [columns]; nullopt: absent
};

struct Dataset {
  std::string path;
  DatasetFormat format = DatasetFormat::Csv;
  std::vector<std::string> columns;
  std::vector<DatasetRow> rows;

  std::optional<size_t> column(std::string_view name) const;
  // The row's value in `column`, or an error message for this row: the row's own error, the
  // value absent, empty (only spaces), larger than kMaxTextBytes. Used for the text column.
  Expected<std::string> text(const DatasetRow& row, size_t column) const;
};

// .csv or .jsonl / .ndjson (case-insensitive); nullopt for other names.
std::optional<DatasetFormat> dataset_format_of(std::string_view path);

Expected<Dataset> parse_dataset(std::string_view bytes, DatasetFormat format, const std::string& source);
Expected<Dataset> read_dataset(const std::string& path, DatasetFormat format);

// Whether a row's label means the positive class (a text that should be flagged). After trimming
// spaces and ASCII case folding: "1", "true", "yes", "unsafe", "flagged" -> true; "0", "false",
// "no", "safe", "not flagged" or the policy's safe label -> false; any other non-empty label
// (e.g. one of the policy's categories) -> true; empty -> nullopt (not counted).
std::optional<bool> label_is_positive(std::string_view label, const Policy& policy);

// Binary evaluation with "flagged = positive".
struct Confusion {
  int64_t tp = 0, fp = 0, fn = 0, tn = 0;
  void add(bool truth_positive, bool flagged);
  int64_t total() const { return tp + fp + fn + tn; }
  std::optional<double> precision() const;  // tp / (tp + fp); nullopt when nothing was flagged
  std::optional<double> recall() const;     // tp / (tp + fn); nullopt without positives
  std::optional<double> f1() const;         // 2PR / (P + R); nullopt when P or R is, or both are 0
  std::optional<double> accuracy() const;   // (tp + tn) / total
};

}  // namespace tramontane::moderation
