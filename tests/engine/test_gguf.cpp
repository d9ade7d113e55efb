// GGUF reader and dequantization against fixtures written by the `gguf` Python package
// (tools/make_gguf_fixtures.py) and the malformed corpus (tools/make_bad_gguf_fixtures.py).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/engine/fixture_util.h"

#include <algorithm>
#include <cstring>
#include <random>

#include "engine/core/quant.h"
#include "engine/format/gguf.h"

using namespace tramontane;

namespace {

QString fixture(const QString& rel) { return QStringLiteral(TRAMONTANE_FIXTURES "/") + rel; }

QByteArray read_all(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.readAll();
}

QJsonObject expected_json() {
  return QJsonDocument::fromJson(read_all(fixture(QStringLiteral("gguf/expected.json")))).object();
}

uint32_t f32_bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
uint64_t f64_bits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}

// Element k of an ARRAY value as a scalar (or nested ARRAY) value.
GgufValue element(const GgufValue& a, int k) {
  GgufValue e;
  e.type = a.array_type;
  switch (a.array_type) {
    case GgufType::UINT8: case GgufType::UINT16: case GgufType::UINT32: case GgufType::UINT64:
    case GgufType::BOOL: e.u = a.uints.at(size_t(k)); break;
    case GgufType::INT8: case GgufType::INT16: case GgufType::INT32: case GgufType::INT64:
      e.i = a.ints.at(size_t(k)); break;
    case GgufType::FLOAT32: case GgufType::FLOAT64: e.f = a.floats.at(size_t(k)); break;
    case GgufType::STRING: e.s = a.strings.at(size_t(k)); break;
    case GgufType::ARRAY: e = a.arrays.at(size_t(k)); break;
  }
  return e;
}

// Compares a value with its JSON description (see make_gguf_fixtures.py); returns "" when equal.
QString compare_value(const GgufValue& v, const QJsonObject& want, const QString& where) {
  const QString type = want.value(QStringLiteral("type")).toString();
  if (type != QLatin1String(gguf_type_name(v.type)))
    return where + QStringLiteral(": type %1, expected %2").arg(gguf_type_name(v.type), type);
  switch (v.type) {
    case GgufType::UINT8: case GgufType::UINT16: case GgufType::UINT32: case GgufType::UINT64: {
      const quint64 w = want.value(QStringLiteral("value")).toString().toULongLong();
      return v.u == w ? QString() : where + QStringLiteral(": %1 != %2").arg(v.u).arg(w);
    }
    case GgufType::INT8: case GgufType::INT16: case GgufType::INT32: case GgufType::INT64: {
      const qint64 w = want.value(QStringLiteral("value")).toString().toLongLong();
      return v.i == w ? QString() : where + QStringLiteral(": %1 != %2").arg(v.i).arg(w);
    }
    case GgufType::BOOL:
      return (v.u != 0) == want.value(QStringLiteral("value")).toBool() ? QString() : where + QStringLiteral(": bool");
    case GgufType::FLOAT32: {
      const uint32_t w = want.value(QStringLiteral("bits")).toString().toUInt(nullptr, 16);
      return f32_bits(float(v.f)) == w && double(float(v.f)) == v.f ? QString() : where + QStringLiteral(": f32 bits");
    }
    case GgufType::FLOAT64: {
      const uint64_t w = want.value(QStringLiteral("bits")).toString().toULongLong(nullptr, 16);
      return f64_bits(v.f) == w ? QString() : where + QStringLiteral(": f64 bits");
    }
    case GgufType::STRING: {
      const QByteArray w = QByteArray::fromHex(want.value(QStringLiteral("hex")).toString().toLatin1());
      return QByteArray(v.s.data(), qsizetype(v.s.size())) == w ? QString() : where + QStringLiteral(": string");
    }
    case GgufType::ARRAY: {
      const QString at = want.value(QStringLiteral("array_type")).toString();
      if (at != QLatin1String(gguf_type_name(v.array_type)))
        return where + QStringLiteral(": array type %1, expected %2").arg(gguf_type_name(v.array_type), at);
      const QJsonArray values = want.value(QStringLiteral("values")).toArray();
      if (v.array_size() != uint64_t(values.size()))
        return where + QStringLiteral(": %1 elements, expected %2").arg(v.array_size()).arg(values.size());
      for (int k = 0; k < values.size(); ++k) {
        const QString e = compare_value(element(v, k), values[k].toObject(), where + QStringLiteral("[%1]").arg(k));
        if (!e.isEmpty()) return e;
      }
      return {};
    }
  }
  return where + QStringLiteral(": unknown type");
}

std::vector<int64_t> shape_of(const QJsonValue& v) {
  std::vector<int64_t> s;
  for (const QJsonValue& d : v.toArray()) s.push_back(d.toInteger());
  return s;
}

}  // namespace

class TestGguf : public QObject {
  Q_OBJECT

 private slots:
  void blockLayoutsMatchDType() {
    QCOMPARE(int64_t(sizeof(BlockQ8_0)), dtype_type_size(DType::Q8_0));
    QCOMPARE(int64_t(sizeof(BlockQ4_0)), dtype_type_size(DType::Q4_0));
    QCOMPARE(int64_t(sizeof(BlockQ4_1)), dtype_type_size(DType::Q4_1));
    QCOMPARE(int64_t(sizeof(BlockQ4_K)), dtype_type_size(DType::Q4_K));
    QCOMPARE(int64_t(sizeof(BlockQ5_K)), dtype_type_size(DType::Q5_K));
    QCOMPARE(int64_t(sizeof(BlockQ6_K)), dtype_type_size(DType::Q6_K));
    QCOMPARE(dtype_block_size(DType::Q8_0), int64_t(QK8_0));
    QCOMPARE(dtype_block_size(DType::Q4_K), int64_t(QK_K));
  }

  // Every tensor of quants.gguf dequantizes to gguf.quants.dequantize's float32 bits.
  void dequantizeIsBitExact_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("type");
    const QJsonObject q = expected_json().value(QStringLiteral("quants")).toObject();
    QVERIFY(q.size() >= 12);
    for (auto it = q.begin(); it != q.end(); ++it)
      QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toObject().value(QStringLiteral("type")).toString();
  }
  void dequantizeIsBitExact() {
    QFETCH(QString, name);
    QFETCH(QString, type);
    auto f = read_gguf(fixture(QStringLiteral("gguf/quants.gguf")).toStdString());
    QVERIFY2(f, f ? "" : f.error().message.c_str());
    const TensorView* t = f->find_tensor(name.toStdString());
    QVERIFY(t);
    QCOMPARE(QString::fromLatin1(dtype_name(t->dtype)), type);
    QCOMPARE(t->shape, (std::vector<int64_t>{3, 512}));
    QCOMPARE(t->nbytes, *dtype_row_bytes(t->dtype, 512) * 3);

    const QByteArray ref = read_all(fixture(QStringLiteral("gguf/quants/%1.f32").arg(name)));
    QCOMPARE(ref.size(), qsizetype(t->numel() * 4));
    // whole tensor in one call, and row by row
    std::vector<float> all(size_t(t->numel()));
    dequantize_row(t->dtype, t->data, all.data(), t->numel());
    std::vector<float> rows(size_t(t->numel()));
    for (int64_t r = 0; r < t->rows(); ++r) dequantize_row(t->dtype, t->row(r), rows.data() + r * t->cols(), t->cols());
    for (int64_t i = 0; i < t->numel(); ++i) {
      uint32_t want;
      std::memcpy(&want, ref.constData() + 4 * i, 4);
      if (f32_bits(all[size_t(i)]) != want || f32_bits(rows[size_t(i)]) != want)
        QFAIL(qPrintable(QStringLiteral("%1[%2]: got %3 (0x%4), expected 0x%5")
                             .arg(name).arg(i).arg(all[size_t(i)]).arg(f32_bits(all[size_t(i)]), 8, 16, QChar('0'))
                             .arg(want, 8, 16, QChar('0'))));
    }
  }

  void metadataValues_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<uint>("version");
    QTest::newRow("v3") << QStringLiteral("gguf/metadata.gguf") << 3u;
    QTest::newRow("v2") << QStringLiteral("gguf/metadata_v2.gguf") << 2u;
  }
  void metadataValues() {
    QFETCH(QString, file);
    QFETCH(uint, version);
    auto f = read_gguf(fixture(file).toStdString());
    QVERIFY2(f, f ? "" : f.error().message.c_str());
    const QJsonObject want = expected_json().value(QStringLiteral("metadata")).toObject();
    QCOMPARE(f->version, uint32_t(version));
    QCOMPARE(f->alignment, uint64_t(want.value(QStringLiteral("alignment")).toInteger()));
    QCOMPARE(f->data_offset % f->alignment, uint64_t(0));
    const QJsonObject kv = want.value(QStringLiteral("metadata")).toObject();
    QCOMPARE(qsizetype(f->metadata.size()), kv.size());
    for (auto it = kv.begin(); it != kv.end(); ++it) {
      const GgufValue* v = f->find(it.key().toStdString());
      QVERIFY2(v, qPrintable(it.key() + QStringLiteral(" missing")));
      const QString err = compare_value(*v, it.value().toObject(), it.key());
      QVERIFY2(err.isEmpty(), qPrintable(err));
    }
    // tensors: shapes in PyTorch order, data where the file puts it
    const QJsonObject tensors = want.value(QStringLiteral("tensors")).toObject();
    QCOMPARE(qsizetype(f->tensors.size()), tensors.size());
    for (auto it = tensors.begin(); it != tensors.end(); ++it) {
      const QJsonObject w = it.value().toObject();
      const TensorView* t = f->find_tensor(it.key().toStdString());
      QVERIFY(t);
      QCOMPARE(QString::fromLatin1(dtype_name(t->dtype)), w.value(QStringLiteral("type")).toString());
      QCOMPARE(t->shape, shape_of(w.value(QStringLiteral("shape"))));
      QCOMPARE(uint64_t(t->data - f->map->data()) % f->alignment, uint64_t(0));
      std::vector<float> x(size_t(t->numel()));
      dequantize_row(t->dtype, t->data, x.data(), t->numel());
      QCOMPARE(x.front(), float(w.value(QStringLiteral("first")).toDouble()));
      QCOMPARE(x.back(), float(w.value(QStringLiteral("last")).toDouble()));
    }
  }

  void typedLookups() {
    auto f = read_gguf(fixture(QStringLiteral("gguf/metadata.gguf")).toStdString());
    QVERIFY2(f, f ? "" : f.error().message.c_str());
    QCOMPARE(f->get_string("general.architecture"), std::optional<std::string>("llama"));
    QCOMPARE(f->get_uint("test.u64"), std::optional<uint64_t>(UINT64_MAX));
    QCOMPARE(f->get_int("test.u64"), std::nullopt);            // does not fit int64
    QCOMPARE(f->get_int("test.i64"), std::optional<int64_t>(INT64_MIN));
    QCOMPARE(f->get_uint("test.i8"), std::nullopt);            // negative
    QCOMPARE(f->get_uint("test.u8"), std::optional<uint64_t>(255));
    QCOMPARE(f->get_int("test.i16"), std::optional<int64_t>(-32768));
    QCOMPARE(f->get_float("test.f32"), std::optional<double>(double(-3.1415927f)));
    QCOMPARE(f->get_float("test.u16"), std::optional<double>(65535.0));
    QCOMPARE(f->get_bool("test.bool_true"), std::optional<bool>(true));
    QCOMPARE(f->get_bool("test.bool_false"), std::optional<bool>(false));
    QCOMPARE(f->get_string("test.u8"), std::nullopt);          // wrong type
    QCOMPARE(f->get_uint("no.such.key"), std::nullopt);
    QCOMPARE(f->get_string("test.string_empty"), std::optional<std::string>(""));
    QCOMPARE(f->get_string("test.string_bytes"), std::optional<std::string>(std::string("a\0b\xff\n", 5)));
    const auto tokens = f->get_string_array("tokenizer.ggml.tokens");
    QVERIFY(tokens);
    QCOMPARE(tokens->size(), size_t(100));
    QCOMPARE(tokens->at(1), std::string("<s>"));
    QCOMPARE(tokens->at(99), std::string("\xe2\x96\x81w80"));
    const auto scores = f->get_float_array("tokenizer.ggml.scores");
    QVERIFY(scores);
    QCOMPARE(scores->size(), size_t(100));
    QCOMPARE(scores->at(3), -0.75f);
    const auto types = f->get_int_array("tokenizer.ggml.token_type");
    QVERIFY(types);
    QCOMPARE(types->at(0), int64_t(2));
    QCOMPARE(f->get_int_array("test.arr_u8"), std::optional<std::vector<int64_t>>({0, 1, 255}));
    QCOMPARE(f->get_int_array("test.arr_u64"), std::nullopt);  // 2^64-1 does not fit int64
    QCOMPARE(f->get_int_array("test.arr_str"), std::nullopt);
    QCOMPARE(f->get_string_array("test.arr_i32"), std::nullopt);
    QCOMPARE(f->get_float_array("test.arr_f64"), std::optional<std::vector<float>>({float(1.0e-300), -2.5f}));
    const GgufValue* nested = f->find("test.arr_nested");
    QVERIFY(nested && nested->array_type == GgufType::ARRAY && nested->arrays.size() == 3);
    QCOMPARE(nested->arrays[2].ints, (std::vector<int64_t>{-4, 5, 6}));
    QVERIFY(f->find_tensor("token_embd.weight"));
    QVERIFY(!f->find_tensor("output.weight"));
  }

  void modelConfig_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("section");
    QTest::newRow("llama") << QStringLiteral("gguf/metadata.gguf") << QStringLiteral("metadata");
    QTest::newRow("llama v2") << QStringLiteral("gguf/metadata_v2.gguf") << QStringLiteral("metadata");
    QTest::newRow("mistral") << QStringLiteral("gguf/model_mistral.gguf") << QStringLiteral("model_mistral");
  }
  void modelConfig() {
    QFETCH(QString, file);
    QFETCH(QString, section);
    auto f = read_gguf(fixture(file).toStdString());
    QVERIFY2(f, f ? "" : f.error().message.c_str());
    auto c = gguf_model_config(*f);
    QVERIFY2(c, c ? "" : c.error().message.c_str());
    QJsonObject w = expected_json().value(section).toObject();
    if (w.contains(QStringLiteral("config"))) w = w.value(QStringLiteral("config")).toObject();
    compare_config(*c, w);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(c->rope_interleaved, w.value(QStringLiteral("rope_interleaved")).toBool());
  }

  // The hand-built base of the bad corpus is itself valid: bad files fail for their own reason.
  void handmadeBaseIsValid() {
    auto f = read_gguf(fixture(QStringLiteral("gguf/handmade_base.gguf")).toStdString());
    QVERIFY2(f, f ? "" : f.error().message.c_str());
    QCOMPARE(f->tensors.size(), size_t(1));
    QCOMPARE(f->tensors[0].shape, (std::vector<int64_t>{8, 32}));
    auto c = gguf_model_config(*f);
    QVERIFY2(c, c ? "" : c.error().message.c_str());
    QCOMPARE(c->n_vocab, int64_t(8));
    QCOMPARE(c->head_dim, int64_t(8));
    QVERIFY(c->tie_embeddings);
  }

  void badFilesAreRejected_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    const QJsonObject reasons =
        QJsonDocument::fromJson(read_all(fixture(QStringLiteral("gguf/bad_expected.json")))).object();
    const QFileInfoList files =
        QDir(fixture(QStringLiteral("bad"))).entryInfoList({QStringLiteral("gguf_*.gguf")}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 20, "fewer than 20 bad GGUF files");
    QCOMPARE(files.size(), reasons.size());
    for (const QFileInfo& fi : files)
      QTest::newRow(qPrintable(fi.fileName())) << fi.absoluteFilePath() << reasons.value(fi.fileName()).toString();
  }
  void badFilesAreRejected() {
    QFETCH(QString, path);
    QFETCH(QString, reason);
    QVERIFY2(!reason.isEmpty(), "no expected reason in gguf/bad_expected.json");
    const QString name = QFileInfo(path).fileName();
    Error err;
    auto f = read_gguf(path.toStdString());
    if (f) {
      auto c = gguf_model_config(*f);
      QVERIFY2(!c, "read and configured without error");
      err = c.error();
    } else {
      err = f.error();
    }
    const QString msg = QString::fromStdString(err.message);
    QVERIFY2(err.kind == ErrorKind::BadInput, qPrintable(msg));
    QVERIFY2(msg.contains(name), qPrintable(QStringLiteral("does not name the file: ") + msg));
    QVERIFY2(msg.contains(reason), qPrintable(QStringLiteral("expected '%1' in: %2").arg(reason, msg)));
    QVERIFY2(!msg.contains(QLatin1Char('\n')), qPrintable(msg));
  }

  // Limits that need files too large to commit: built here, byte by byte.
  void arrayElementLimits_data() {
    QTest::addColumn<QByteArray>("array");  // element type, count, elements
    QTest::addColumn<QString>("reason");
    auto u32 = [](uint32_t v) { return QByteArray(reinterpret_cast<const char*>(&v), 4); };
    auto u64 = [](uint64_t v) { return QByteArray(reinterpret_cast<const char*>(&v), 8); };
    QByteArray empty_arrays = u32(9) + u64(65537);
    for (int k = 0; k < 65537; ++k) empty_arrays += u32(0) + u64(0);
    QTest::newRow("65537 nested arrays") << empty_arrays << QStringLiteral("more than 65536 nested arrays");
    QTest::newRow("2^24+1 bytes") << (u32(0) + u64((1u << 24) + 1) + QByteArray((1 << 24) + 1, '\1'))
                                  << QStringLiteral("more than 16777216 array elements");
    QTest::newRow("65536 nested arrays") << (u32(9) + u64(65536) + empty_arrays.mid(12, 65536 * 12)) << QString();
  }
  void arrayElementLimits() {
    QFETCH(QByteArray, array);
    QFETCH(QString, reason);
    auto u32 = [](uint32_t v) { return QByteArray(reinterpret_cast<const char*>(&v), 4); };
    auto u64 = [](uint64_t v) { return QByteArray(reinterpret_cast<const char*>(&v), 8); };
    const QByteArray key("general.big");
    QByteArray file = QByteArray("GGUF") + u32(3) + u64(0) + u64(1) + u64(uint64_t(key.size())) + key + u32(9) + array;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("limits.gguf"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly) && out.write(file) == file.size());
    out.close();
    auto f = read_gguf(path.toStdString());
    if (reason.isEmpty()) {
      QVERIFY2(f, f ? "" : f.error().message.c_str());
      QCOMPARE(f->find("general.big")->arrays.size(), size_t(65536));
      return;
    }
    QVERIFY(!f);
    QCOMPARE(f.error().kind, ErrorKind::BadInput);
    const QString msg = QString::fromStdString(f.error().message);
    QVERIFY2(msg.contains(QStringLiteral("limits.gguf")) && msg.contains(reason), qPrintable(msg));
  }

  void missingFileIsBadInput() {
    auto f = read_gguf("/nonexistent/dir/model.gguf");
    QVERIFY(!f);
    QCOMPARE(f.error().kind, ErrorKind::BadInput);
    QVERIFY(f.error().message.find("model.gguf") != std::string::npos);
  }

  // Every prefix of a valid file, and many single-byte corruptions of its header, either read
  // or fail with BadInput: never a crash (the sanitizer build checks for out-of-bounds reads).
  void truncationsAndCorruptionsFailCleanly() {
    const QString good_path = fixture(QStringLiteral("gguf/metadata.gguf"));
    const QByteArray good = read_all(good_path);
    auto ref = read_gguf(good_path.toStdString());
    QVERIFY(ref);
    uint64_t data_end = 0;  // end of the last tensor's bytes; the padding after it is optional
    for (const TensorView& t : ref->tensors)
      data_end = std::max(data_end, uint64_t(t.data - ref->map->data()) + t.nbytes);
    QVERIFY(good.size() > 4000 && data_end <= uint64_t(good.size()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("cut.gguf"));
    // 1: read, 0: BadInput naming the file, -1: anything else
    auto check = [&](const QByteArray& bytes, const QString& what) -> int {
      QFile out(path);
      if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(bytes) != bytes.size()) return -1;
      out.close();
      auto f = read_gguf(path.toStdString());
      if (f) {
        (void)gguf_model_config(*f);
        return 1;
      }
      if (f.error().kind != ErrorKind::BadInput || f.error().message.find("cut.gguf") == std::string::npos) {
        qWarning("%s: %s", qPrintable(what), f.error().message.c_str());
        return -1;
      }
      return 0;
    };
    for (qsizetype n = 0; n <= good.size(); n += (n < 4400 ? 1 : 97)) {
      const int r = check(good.left(n), QStringLiteral("prefix %1").arg(n));
      QVERIFY2(r >= 0, "bad error on a truncated file");
      QCOMPARE(r, uint64_t(n) >= data_end ? 1 : 0);
    }
    std::mt19937 rng(12345);
    for (int k = 0; k < 3000; ++k) {
      QByteArray b = good;
      const int n_flips = 1 + int(rng() % 3);
      for (int j = 0; j < n_flips; ++j) b[qsizetype(rng() % 4300)] = char(rng() & 0xff);
      QVERIFY2(check(b, QStringLiteral("corruption %1").arg(k)) >= 0, "bad error on a corrupted file");
    }
  }
};

QTEST_APPLESS_MAIN(TestGguf)
#include "test_gguf.moc"
