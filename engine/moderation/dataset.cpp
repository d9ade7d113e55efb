#include "engine/moderation/dataset.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "engine/core/mapped_file.h"
#include "engine/core/text.h"
#include "engine/format/json_util.h"

namespace tramontane::moderation {

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

struct CsvRecord {
  int64_t line = 0;
  std::vector<std::string> fields;
  std::string error;
  bool blank = false;  // an empty line
};

// One record starting at `pos`; advances `pos` past its line break and `line` over its lines.
CsvRecord next_csv_record(std::string_view s, size_t& pos, int64_t& line) {
  CsvRecord r;
  r.line = line;
  const size_t start = pos;
  std::string field;
  bool end = false;
  while (!end) {
    if (pos < s.size() && s[pos] == '"') {  // quoted field
      ++pos;
      for (;;) {
        if (pos >= s.size()) {
          r.error = "unterminated quoted field";
          end = true;
          break;
        }
        const char c = s[pos++];
        if (c == '"') {
          if (pos < s.size() && s[pos] == '"') {
            field += '"';
            ++pos;
            continue;
          }
          break;
        }
        if (c == '\n') ++line;
        field += c;
      }
      if (end) break;
      // After the closing quote: a separator, a line break or the end.
      if (pos < s.size() && s[pos] == '\r' && pos + 1 < s.size() && s[pos + 1] == '\n') ++pos;
      if (pos >= s.size()) {
        end = true;
      } else if (s[pos] == ',') {
        ++pos;
        r.fields.push_back(std::move(field));
        field.clear();
        continue;
      } else if (s[pos] == '\n') {
        ++pos;
        ++line;
        end = true;
      } else {
        r.error = "a character after the closing quote of field " + std::to_string(r.fields.size() + 1);
        // Skip to the end of this physical line.
        while (pos < s.size() && s[pos] != '\n') ++pos;
        if (pos < s.size()) {
          ++pos;
          ++line;
        }
        break;
      }
      r.fields.push_back(std::move(field));
      field.clear();
    } else {  // unquoted field: up to ',' or the line break
      while (pos < s.size() && s[pos] != ',' && s[pos] != '\n') field += s[pos++];
      if (pos < s.size() && s[pos] == ',') {
        ++pos;
        r.fields.push_back(std::move(field));
        field.clear();
        continue;
      }
      if (!field.empty() && field.back() == '\r') field.pop_back();
      if (pos < s.size()) {
        ++pos;  // '\n'
        ++line;
      }
      r.fields.push_back(std::move(field));
      field.clear();
      end = true;
    }
  }
  r.blank = r.error.empty() && r.fields.size() == 1 && r.fields[0].empty() && pos - start <= 2;
  size_t bad_at = 0;
  if (r.error.empty() && !is_valid_utf8(s.substr(start, pos - start), &bad_at))
    r.error = "not valid UTF-8 (byte " + std::to_string(bad_at) + " of the record)";
  return r;
}

Dataset parse_csv(std::string_view s, const std::string& source) {
  Dataset d;
  d.path = source;
  d.format = DatasetFormat::Csv;
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  size_t pos = 0;
  int64_t line = 1;
  CsvRecord header;
  do {
    if (pos >= s.size()) throw_bad_input(source + ": empty file: no header row");
    header = next_csv_record(s, pos, line);
  } while (header.blank);
  if (!header.error.empty()) throw_bad_input(source + ": header row: " + header.error);
  std::set<std::string> seen;
  for (const auto& name : header.fields) {
    if (!seen.insert(name).second) throw_bad_input(source + ": header row: duplicate column '" + escape_for_message(name) + "'");
  }
  d.columns = header.fields;
  while (pos < s.size()) {
    CsvRecord r = next_csv_record(s, pos, line);
    if (r.blank) continue;
    DatasetRow row;
    row.line = r.line;
    row.error = r.error;
    if (row.error.empty() && r.fields.size() != d.columns.size())
      row.error = std::to_string(r.fields.size()) + " fields where the header has " + std::to_string(d.columns.size());
    if (row.error.empty())
      for (auto& f : r.fields) row.values.emplace_back(std::move(f));
    else
      row.values.assign(d.columns.size(), std::nullopt);
    d.rows.push_back(std::move(row));
  }
  return d;
}

Dataset parse_jsonl(std::string_view s, const std::string& source) {
  Dataset d;
  d.path = source;
  d.format = DatasetFormat::Jsonl;
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  struct Parsed {
    int64_t line;
    std::string error;
    std::vector<std::pair<size_t, std::string>> values;  // (column, value)
  };
  std::vector<Parsed> parsed;
  int64_t line = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    ++line;
    size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) nl = s.size();
    std::string_view text = s.substr(pos, nl - pos);
    pos = nl + 1;
    if (trim(text).empty()) continue;
    Parsed p;
    p.line = line;
    auto j = parse_json(text, "line " + std::to_string(line));
    if (!j) {
      p.error = j.error().message;
    } else if (!j->is_object()) {
      p.error = "not a JSON object";
    } else {
      for (auto it = j->begin(); it != j->end(); ++it) {
        if (it.value().is_null()) continue;
        auto col = std::find(d.columns.begin(), d.columns.end(), it.key());
        if (col == d.columns.end()) col = d.columns.insert(d.columns.end(), it.key());
        const size_t c = size_t(col - d.columns.begin());
        p.values.emplace_back(c, it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
      }
    }
    parsed.push_back(std::move(p));
  }
  for (auto& p : parsed) {
    DatasetRow row;
    row.line = p.line;
    row.error = std::move(p.error);
    row.values.assign(d.columns.size(), std::nullopt);
    for (auto& [c, v] : p.values) row.values[c] = std::move(v);
    d.rows.push_back(std::move(row));
  }
  return d;
}

}  // namespace

std::optional<size_t> Dataset::column(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return i;
  return std::nullopt;
}

Expected<std::string> Dataset::text(const DatasetRow& row, size_t col) const {
  if (!row.error.empty()) return Error{ErrorKind::BadInput, row.error};
  if (col >= row.values.size() || !row.values[col])
    return Error{ErrorKind::BadInput, "no value in column '" + escape_for_message(columns[col]) + "'"};
  const std::string& v = *row.values[col];
  if (trim(v).empty()) return Error{ErrorKind::BadInput, "empty text"};
  if (v.size() > kMaxTextBytes)
    return Error{ErrorKind::BadInput, "text of " + std::to_string(v.size()) + " bytes exceeds the limit of " +
                                          std::to_string(kMaxTextBytes) + " bytes"};
  size_t bad_at = 0;
  if (!is_valid_utf8(v, &bad_at))
    return Error{ErrorKind::BadInput, "text is not valid UTF-8 (byte " + std::to_string(bad_at) + ")"};
  return v;
}

std::optional<DatasetFormat> dataset_format_of(std::string_view path) {
  const std::string p = lower_ascii(path);
  if (p.ends_with(".csv")) return DatasetFormat::Csv;
  if (p.ends_with(".jsonl") || p.ends_with(".ndjson")) return DatasetFormat::Jsonl;
  return std::nullopt;
}

Expected<Dataset> parse_dataset(std::string_view bytes, DatasetFormat format, const std::string& source) {
  return try_call([&] { return format == DatasetFormat::Csv ? parse_csv(bytes, source) : parse_jsonl(bytes, source); });
}

Expected<Dataset> read_dataset(const std::string& path, DatasetFormat format) {
  auto bytes = read_text_file(path, kMaxDatasetBytes);
  if (!bytes) return bytes.error();
  return parse_dataset(*bytes, format, path);
}

std::optional<bool> label_is_positive(std::string_view label, const Policy& policy) {
  const std::string l = lower_ascii(trim(label));
  if (l.empty()) return std::nullopt;
  if (l == "1" || l == "true" || l == "yes" || l == "unsafe" || l == "flagged") return true;
  if (l == "0" || l == "false" || l == "no" || l == "safe" || l == "not flagged") return false;
  if (l == lower_ascii(policy.safe_label())) return false;
  return true;
}

void Confusion::add(bool truth_positive, bool flagged) {
  if (truth_positive) (flagged ? tp : fn) += 1;
  else (flagged ? fp : tn) += 1;
}

std::optional<double> Confusion::precision() const {
  if (tp + fp == 0) return std::nullopt;
  return double(tp) / double(tp + fp);
}
std::optional<double> Confusion::recall() const {
  if (tp + fn == 0) return std::nullopt;
  return double(tp) / double(tp + fn);
}
std::optional<double> Confusion::f1() const {
  auto p = precision(), r = recall();
  if (!p || !r || *p + *r == 0) return std::nullopt;
  return 2 * *p * *r / (*p + *r);
}
std::optional<double> Confusion::accuracy() const {
  if (total() == 0) return std::nullopt;
  return double(tp + tn) / double(total());
}

}  // namespace tramontane::moderation
