// SentencePiece tokenizer against Python sentencepiece (tools/make_tokenizer_fixtures.py): ids and
// decoding of 289 strings with Mistral's v1 and v3 tokenizer.model, streaming detokenization,
// the same vocabularies rebuilt from GGUF files written by the gguf package (llama.cpp's
// converter), and malformed tokenizer.model files.
#include <QTemporaryDir>
#include <QtTest>

#include "tests/engine/fixture_util.h"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/format/gguf.h"
#include "engine/format/json_util.h"
#include "engine/tokenizer/gguf_vocab.h"
#include "engine/tokenizer/sp_model_builder.h"
#include "engine/tokenizer/stream_decoder.h"
#include "engine/tokenizer/tokenizer.h"

using namespace tramontane;
using nlohmann::json;

namespace {

const std::string kFixtures = TRAMONTANE_FIXTURES;

const json& strings_fixture() {
  static const json j = json::parse(slurp(kFixtures + "/tokenizer/strings.json"));
  return j;
}

std::string model_path(const std::string& version) { return kFixtures + "/tokenizers/tokenizer.model." + version; }

std::unique_ptr<Tokenizer> load(const std::string& path) {
  auto t = Tokenizer::from_file(path);
  if (!t) qFatal("%s", t.error().message.c_str());
  return std::move(*t);
}

std::unique_ptr<Tokenizer> load_gguf(const std::string& version) {
  auto f = read_gguf(kFixtures + "/tokenizer/vocab_" + version + ".gguf");
  if (!f) qFatal("%s", f.error().message.c_str());
  auto t = tokenizer_from_gguf(*f);
  if (!t) qFatal("%s", t.error().message.c_str());
  return std::move(*t);
}

std::vector<int32_t> ids_of(const json& a) { return a.get<std::vector<int32_t>>(); }

QString show(const std::string& s) { return QString::fromStdString(escape_for_message(s, 60)); }

QString show_ids(const std::vector<int32_t>& ids) {
  QStringList parts;
  for (size_t i = 0; i < ids.size() && i < 24; ++i) parts << QString::number(ids[i]);
  if (ids.size() > 24) parts << "...";
  return "[" + parts.join(",") + "]";
}

// Every string of the fixture encodes to Python's ids and decodes to Python's text.
void check_strings(const Tokenizer& tok, const std::string& version) {
  const json& fx = strings_fixture();
  const json& strings = fx["strings"];
  const json& ref = fx[version];
  QCOMPARE(int(strings.size()), int(ref["ids"].size()));
  for (size_t i = 0; i < strings.size(); ++i) {
    const std::string s = strings[i].get<std::string>();
    const std::vector<int32_t> want = ids_of(ref["ids"][i]);
    const std::vector<int32_t> got = tok.encode(s);
    if (got != want)
      QFAIL(qPrintable(QString("%1 string %2 '%3': ids %4, expected %5")
                           .arg(QString::fromStdString(version)).arg(i).arg(show(s), show_ids(got), show_ids(want))));
    auto text = tok.decode(got);
    QVERIFY(text.has_value());
    QCOMPARE(*text, ref["decoded"][i].get<std::string>());
  }
}

// Feeds ids one at a time into `dec` and returns the concatenated text; checks that every piece of
// text is valid UTF-8 and, after each non-byte piece, that the text so far equals decode(prefix).
// A broken check is written to *error.
std::string stream(const Tokenizer& tok, StreamDecoder& dec, const std::vector<int32_t>& ids, bool check_prefixes,
                   std::string* error) {
  std::string all;
  for (size_t k = 0; k < ids.size(); ++k) {
    auto piece = dec.push(ids[k]);
    if (!piece) {
      *error = piece.error().message;
      return all;
    }
    if (!is_valid_utf8(*piece)) *error = "stream piece '" + escape_for_message(*piece) + "' is not UTF-8";
    all += *piece;
    if (check_prefixes && !tok.is_byte(ids[k])) {
      const std::vector<int32_t> prefix(ids.begin(), ids.begin() + std::ptrdiff_t(k) + 1);
      const std::string want = *tok.decode(prefix);
      if (all != want)
        *error = "text after " + std::to_string(k + 1) + " ids '" + escape_for_message(all) + "' != decode(prefix) '" +
                 escape_for_message(want) + "'";
    }
  }
  const std::string tail = dec.finish();
  if (!is_valid_utf8(tail)) *error = "stream tail is not UTF-8";
  return all + tail;
}

void check_stream(const Tokenizer& tok, const std::string& version) {
  const json& ref = strings_fixture()[version];
  StreamDecoder dec(tok);  // one decoder for every sequence: finish() starts a new stream
  for (size_t i = 0; i < ref["ids"].size(); ++i) {
    const std::vector<int32_t> ids = ids_of(ref["ids"][i]);
    std::string error;
    const std::string got = stream(tok, dec, ids, ids.size() <= 64, &error);
    if (!error.empty()) QFAIL(qPrintable(QString("%1 string %2: %3").arg(QString::fromStdString(version)).arg(i)
                                             .arg(QString::fromStdString(error))));
    if (got != ref["decoded"][i].get<std::string>())
      QFAIL(qPrintable(QString("%1 string %2: streamed '%3', expected '%4'")
                           .arg(QString::fromStdString(version)).arg(i)
                           .arg(show(got), show(ref["decoded"][i].get<std::string>()))));
  }
  for (const json& c : ref["decode_cases"]) {
    const std::vector<int32_t> ids = ids_of(c["ids"]);
    const std::string want = c["text"].get<std::string>();
    auto text = tok.decode(ids);
    QVERIFY(text.has_value());
    if (*text != want)
      QFAIL(qPrintable(QString("decode %1 = '%2', expected '%3'").arg(show_ids(ids), show(*text), show(want))));
    std::string error;
    const std::string got = stream(tok, dec, ids, true, &error);
    if (!error.empty()) QFAIL(qPrintable(show_ids(ids) + ": " + QString::fromStdString(error)));
    if (got != want)
      QFAIL(qPrintable(QString("stream %1 = '%2', expected '%3'").arg(show_ids(ids), show(got), show(want))));
  }
}

void check_vocab_facts(const Tokenizer& tok, const std::string& version) {
  const json& ref = strings_fixture()[version];
  QCOMPARE(tok.n_vocab(), ref["n_vocab"].get<int32_t>());
  QCOMPARE(tok.bos_id(), ref["bos_id"].get<int32_t>());
  QCOMPARE(tok.eos_id(), ref["eos_id"].get<int32_t>());
  QCOMPARE(tok.unk_id(), ref["unk_id"].get<int32_t>());
  std::vector<int32_t> controls, bytes;
  for (int32_t id = 0; id < tok.n_vocab(); ++id) {
    if (tok.is_control(id)) controls.push_back(id);
    if (tok.is_byte(id)) {
      bytes.push_back(id);
      QCOMPARE(tok.byte_value(id), int(bytes.size()) - 1);   // <0x00>..<0xFF> in order
    } else {
      QCOMPARE(tok.byte_value(id), -1);
    }
  }
  QCOMPARE(controls, ids_of(ref["control_ids"]));
  QCOMPARE(bytes, ids_of(ref["byte_ids"]));
  for (const auto& [id, piece] : ref["pieces_sample"].items())
    QCOMPARE(tok.piece(std::stoi(id)), piece.get<std::string>());
  // control_token() finds control pieces only, by their exact text
  for (int32_t id : controls) QCOMPARE(tok.control_token(tok.piece(id)), std::optional<int32_t>(id));
  QCOMPARE(tok.control_token("▁the"), std::optional<int32_t>());
  QCOMPARE(tok.control_token("no such piece"), std::optional<int32_t>());
  QCOMPARE(tok.control_token("<unk>"), std::optional<int32_t>());
  QCOMPARE(tok.control_token("<0x41>"), std::optional<int32_t>());
  // out-of-range queries are answered, not crashed on
  for (int32_t id : {-1, tok.n_vocab(), INT32_MAX, INT32_MIN}) {
    QCOMPARE(tok.piece(id), std::string());
    QVERIFY(!tok.is_control(id) && !tok.is_byte(id) && !tok.is_unknown(id));
    QCOMPARE(tok.byte_value(id), -1);
  }
}

struct Bad {
  std::string file;
  std::string expect;   // a part of the message ("" = any)
};

std::vector<Bad> bad_models() {
  const json j = json::parse(slurp(kFixtures + "/tokenizer/tiny.json"));
  std::vector<Bad> out;
  for (const auto& [file, expect] : j["bad_models"].items()) out.push_back({file, expect.get<std::string>()});
  return out;
}

}  // namespace

class TestTokenizer : public QObject {
  Q_OBJECT
 private slots:
  void encode_decode_v1() { check_strings(*load(model_path("v1")), "v1"); }
  void encode_decode_v3() { check_strings(*load(model_path("v3")), "v3"); }
  void vocabulary_v1() { check_vocab_facts(*load(model_path("v1")), "v1"); }
  void vocabulary_v3() { check_vocab_facts(*load(model_path("v3")), "v3"); }
  void stream_v1() { check_stream(*load(model_path("v1")), "v1"); }
  void stream_v3() { check_stream(*load(model_path("v3")), "v3"); }

  // llama.cpp's GGUF vocabulary -> rebuilt ModelProto: the same ids, text and vocabulary facts.
  void gguf_vocab_v1() {
    auto tok = load_gguf("v1");
    check_vocab_facts(*tok, "v1");
    check_strings(*tok, "v1");
    check_stream(*tok, "v1");
  }
  void gguf_vocab_v3() {
    auto tok = load_gguf("v3");
    check_vocab_facts(*tok, "v3");
    check_strings(*tok, "v3");
    check_stream(*tok, "v3");
  }

  void gguf_vocab_keys() {
    auto f = read_gguf(kFixtures + "/tokenizer/vocab_v3.gguf");
    QVERIFY(f.has_value());
    auto v = sp_vocab_from_gguf(*f);
    QVERIFY(v.has_value());
    QCOMPARE(v->pieces.size(), size_t(32768));
    QCOMPARE(v->pieces[3], std::string("[INST]"));
    QCOMPARE(v->types[3], 3);
    QCOMPARE(v->bos_id, 1);
    QCOMPARE(v->eos_id, 2);
    QCOMPARE(v->unk_id, 0);
    QCOMPARE(v->pad_id, -1);
    QVERIFY(v->add_dummy_prefix);
    QVERIFY(v->byte_fallback);

    // a non-SentencePiece tokenizer, and a file without one
    GgufFile other = *f;
    other.metadata["tokenizer.ggml.model"].s = "bert";
    auto e = tokenizer_from_gguf(other);
    QVERIFY(!e.has_value());
    QCOMPARE(e.error().kind, ErrorKind::BadInput);
    QVERIFY(e.error().message.find("'bert' is not supported") != std::string::npos);
    // a "gpt2" (byte-level BPE) vocabulary needs its merges and pre-tokenizer (test_bpe_tokenizer.cpp)
    other.metadata["tokenizer.ggml.model"].s = "gpt2";
    e = tokenizer_from_gguf(other);
    QVERIFY(!e.has_value());
    QVERIFY(e.error().message.find("tokenizer.ggml.pre is missing") != std::string::npos);
    QVERIFY(!sp_vocab_from_gguf(other).has_value());
    other.metadata.erase("tokenizer.ggml.model");
    e = tokenizer_from_gguf(other);
    QVERIFY(!e.has_value());
    QVERIFY(e.error().message.find("no tokenizer") != std::string::npos);
    // a token type outside 1..6
    GgufFile bad_type = *f;
    bad_type.metadata["tokenizer.ggml.token_type"].ints[7] = 9;
    e = tokenizer_from_gguf(bad_type);
    QVERIFY(!e.has_value());
    QVERIFY(e.error().message.find("token_type[7] = 9") != std::string::npos);
    // scores of the wrong length
    GgufFile short_scores = *f;
    short_scores.metadata["tokenizer.ggml.scores"].floats.pop_back();
    e = tokenizer_from_gguf(short_scores);
    QVERIFY(!e.has_value());
    QVERIFY(e.error().message.find("32767 scores") != std::string::npos);
    // BOS id past the vocabulary
    GgufFile bad_bos = *f;
    bad_bos.metadata["tokenizer.ggml.bos_token_id"].u = 40000;
    e = tokenizer_from_gguf(bad_bos);
    QVERIFY(!e.has_value());
    QVERIFY(e.error().message.find("BOS token id 40000") != std::string::npos);
    // a duplicated token is refused by the model check, with the file's path
    GgufFile dup = *f;
    dup.metadata["tokenizer.ggml.tokens"].strings[2000] = dup.metadata["tokenizer.ggml.tokens"].strings[2001];
    e = tokenizer_from_gguf(dup);
    QVERIFY(!e.has_value());
    QVERIFY(e.error().message.find("appears twice (ids 2000 and 2001)") != std::string::npos);
    QVERIFY(e.error().message.rfind(f->path, 0) == 0);
  }

  void builder_errors() {
    SpVocab v;
    v.pieces = {"<unk>", "<s>", "</s>", "a"};
    v.scores = {0, 0, 0, -1};
    v.types = {2, 3, 3, 1};
    v.byte_fallback = false;
    auto ok = build_sentencepiece_model(v, "vocab");
    QVERIFY(ok.has_value());
    auto tok = Tokenizer::from_model_proto(*ok, "vocab");
    QVERIFY(tok.has_value());
    QCOMPARE((*tok)->n_vocab(), 4);
    QCOMPARE((*tok)->bos_id(), 1);
    QCOMPARE((*tok)->eos_id(), 2);
    QCOMPARE((*tok)->control_token("<s>"), std::optional<int32_t>(1));

    SpVocab mismatch = v;
    mismatch.types.pop_back();
    auto e = build_sentencepiece_model(mismatch, "vocab");
    QVERIFY(!e.has_value());
    QCOMPARE(e.error().kind, ErrorKind::BadInput);
    QCOMPARE(e.error().message, std::string("vocab: vocabulary has 4 pieces, 4 scores and 3 token types"));
    SpVocab bad_eos = v;
    bad_eos.eos_id = 4;
    e = build_sentencepiece_model(bad_eos, "vocab");
    QVERIFY(!e.has_value());
    QCOMPARE(e.error().message, std::string("vocab: EOS token id 4 is outside the vocabulary of 4"));
    SpVocab bad_type = v;
    bad_type.types[3] = -7;   // written as it is; the model check names it
    auto bytes = build_sentencepiece_model(bad_type, "vocab");
    QVERIFY(bytes.has_value());
    tok = Tokenizer::from_model_proto(*bytes, "vocab");
    QVERIFY(!tok.has_value());
    QVERIFY(tok.error().message.find("piece 3: type") != std::string::npos);
  }

  // A small BPE model written by hand in the fixture script, checked with Python sentencepiece.
  void tiny_model() {
    const json ref = json::parse(slurp(kFixtures + "/tokenizer/tiny.json"))["tiny"];
    auto tok = load(kFixtures + "/tokenizer/tiny.model");
    QCOMPARE(tok->n_vocab(), ref["n_vocab"].get<int32_t>());
    QCOMPARE(tok->bos_id(), ref["bos_id"].get<int32_t>());
    QCOMPARE(tok->eos_id(), ref["eos_id"].get<int32_t>());
    for (size_t i = 0; i < ref["strings"].size(); ++i) {
      const std::string s = ref["strings"][i].get<std::string>();
      QCOMPARE(tok->encode(s), ids_of(ref["ids"][i]));
      QCOMPARE(*tok->decode(tok->encode(s)), ref["decoded"][i].get<std::string>());
    }
  }

  void bad_model_files() {
    const std::vector<Bad> bad = bad_models();
    QVERIFY(bad.size() >= 20);
    for (const Bad& b : bad) {
      const std::string path = kFixtures + "/bad/" + b.file;
      auto t = Tokenizer::from_file(path);
      if (t.has_value()) QFAIL(qPrintable(QString::fromStdString(b.file + " was accepted")));
      QCOMPARE(t.error().kind, ErrorKind::BadInput);
      const std::string& m = t.error().message;
      if (m.rfind(path + ": ", 0) != 0 || m.find(b.expect) == std::string::npos)
        QFAIL(qPrintable(QString::fromStdString(b.file + ": message '" + m + "' lacks '" + b.expect + "'")));
    }
  }

  void limits() {
    // more pieces than kMaxSpPieces: 1,000,001 pieces "a" (5 bytes each; duplicates are only
    // looked for after the count)
    std::string many;
    for (int i = 0; i <= kMaxSpPieces; ++i) many += std::string("\x0a\x03\x0a\x01\x61", 5);
    auto t = Tokenizer::from_model_proto(many, "many.model");
    QVERIFY(!t.has_value());
    QCOMPARE(t.error().message, std::string("many.model: more than 1000000 pieces"));
    // a file larger than kMaxSpModelBytes is refused before it is read (sparse file)
    QTemporaryDir dir;
    const QString big = dir.filePath("tokenizer.model");
    QFile f(big);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QVERIFY(f.resize(qint64(kMaxSpModelBytes) + 1));
    f.close();
    t = Tokenizer::from_file(big.toStdString());
    QVERIFY(!t.has_value());
    QCOMPARE(t.error().kind, ErrorKind::BadInput);
    QVERIFY(t.error().message.find("more than the limit of 67108864") != std::string::npos);
    // a missing file
    t = Tokenizer::from_file(dir.filePath("absent.model").toStdString());
    QVERIFY(!t.has_value());
  }

  // Random corruptions of valid models: always a clean error or a working tokenizer.
  void corrupted_models() {
    std::mt19937 rng(12345);
    const std::string tiny = slurp(kFixtures + "/tokenizer/tiny.model");
    const std::string v1 = slurp(model_path("v1"));
    int accepted = 0, refused = 0;
    for (int round = 0; round < 2440; ++round) {
      std::string b = round < 2400 ? tiny : v1;
      const int n_edits = 1 + int(rng() % 4);
      for (int e = 0; e < n_edits && !b.empty(); ++e) {
        const size_t at = rng() % b.size();
        switch (rng() % 4) {
          case 0: b[at] = char(rng()); break;                         // overwrite a byte
          case 1: b[at] = char(uint8_t(b[at]) ^ (1u << (rng() % 8))); break;   // flip a bit
          case 2: b.resize(at); break;                                 // truncate
          default: b.insert(at, 1, char(rng())); break;                // insert a byte
        }
      }
      auto t = Tokenizer::from_model_proto(b, "fuzz.model");
      if (!t.has_value()) {
        QCOMPARE(t.error().kind, ErrorKind::BadInput);
        QVERIFY(t.error().message.rfind("fuzz.model: ", 0) == 0);
        ++refused;
        continue;
      }
      ++accepted;
      const std::vector<int32_t> ids = (*t)->encode("Hello wörld 😀 [INST] <s>\n\t 123");
      auto text = (*t)->decode(ids);
      QVERIFY(text.has_value());
      StreamDecoder dec(**t);
      std::string streamed;
      for (int32_t id : ids) streamed += *dec.push(id);
      streamed += dec.finish();
      QCOMPARE(streamed, *text);
    }
    qInfo("%d corrupted models refused, %d accepted (and working)", refused, accepted);
    QVERIFY(accepted > 0 && refused > 0);
  }

  void decode_out_of_range() {
    auto tok = load(model_path("v1"));
    for (int32_t id : {-1, 32000, INT32_MAX, INT32_MIN}) {
      auto text = tok->decode({1, 22557, id});
      QVERIFY(!text.has_value());
      QCOMPARE(text.error().kind, ErrorKind::BadInput);
      QVERIFY(text.error().message.find("token id " + std::to_string(id) + " (position 2)") != std::string::npos);
      StreamDecoder dec(*tok);
      QVERIFY(dec.push(22557).has_value());
      auto p = dec.push(id);
      QVERIFY(!p.has_value());
      QCOMPARE(p.error().kind, ErrorKind::BadInput);
    }
    QCOMPARE(*tok->decode({}), std::string());
  }
};

QTEST_APPLESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
