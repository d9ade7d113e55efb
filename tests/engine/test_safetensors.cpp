// safetensors reader against files written by the `safetensors` package (numpy and torch), a
// transformers sharded checkpoint (tools/make_format_fixtures.py), and the malformed corpus
// (tools/make_bad_fixtures.py).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <random>
#include <set>

#include "engine/format/hf_config.h"
#include "engine/format/safetensors.h"

using namespace tramontane;

namespace {

QString fixture(const QString& rel) { return QStringLiteral(TRAMONTANE_FIXTURES "/") + rel; }

QByteArray read_all(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.readAll();
}

QJsonObject json_file(const QString& rel) { return QJsonDocument::fromJson(read_all(fixture(rel))).object(); }

bool write_file(const QString& path, const QByteArray& bytes) {
  QFile out(path);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
  return out.write(bytes) == bytes.size();
}

uint32_t f32_bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

// Element i of a tensor as float32 (unaligned reads: the data need not be aligned).
float element(const TensorView& t, int64_t i) {
  if (t.dtype == DType::F32) {
    float f;
    std::memcpy(&f, t.data + 4 * i, 4);
    return f;
  }
  uint16_t h;
  std::memcpy(&h, t.data + 2 * i, 2);
  return t.dtype == DType::F16 ? fp16_to_f32(h) : bf16_to_f32(h);
}

std::vector<int64_t> shape_of(const QJsonArray& a) {
  std::vector<int64_t> s;
  for (const QJsonValue& v : a) s.push_back(int64_t(v.toDouble()));
  return s;
}

// Compares a read file with its description in format/expected.json; returns "" when equal.
QString compare_file(const SafetensorsFile& f, const QJsonObject& want, const QByteArray& values) {
  const QJsonObject meta = want.value(QStringLiteral("metadata")).toObject();
  if (f.metadata.size() != size_t(meta.size())) return QStringLiteral("metadata size");
  for (const auto& [k, v] : f.metadata)
    if (meta.value(QString::fromStdString(k)).toString() != QString::fromStdString(v))
      return QStringLiteral("metadata ") + QString::fromStdString(k);
  const QJsonArray tensors = want.value(QStringLiteral("tensors")).toArray();
  if (f.tensors.size() != size_t(tensors.size())) return QStringLiteral("tensor count %1").arg(f.tensors.size());
  // The data section is the end of the file; the last tensor ends there.
  const uint64_t data_size =
      tensors.isEmpty() ? 0 : uint64_t(tensors.last().toObject().value(QStringLiteral("data_offsets")).toArray()[1].toDouble());
  const uint8_t* base = f.map->data() + f.map->size() - data_size;
  for (qsizetype k = 0; k < tensors.size(); ++k) {
    const QJsonObject w = tensors[k].toObject();
    const TensorView& t = f.tensors[size_t(k)];
    const QString name = w.value(QStringLiteral("name")).toString();
    if (QString::fromStdString(t.name) != name) return QStringLiteral("tensor %1 is %2").arg(k).arg(t.name.c_str());
    if (QLatin1String(dtype_name(t.dtype).data(), qsizetype(dtype_name(t.dtype).size())) !=
        w.value(QStringLiteral("dtype")).toString())
      return name + QStringLiteral(": dtype");
    if (t.shape != shape_of(w.value(QStringLiteral("shape")).toArray())) return name + QStringLiteral(": shape");
    const QJsonArray off = w.value(QStringLiteral("data_offsets")).toArray();
    const uint64_t begin = uint64_t(off[0].toDouble()), end = uint64_t(off[1].toDouble());
    if (t.data != base + begin || t.nbytes != end - begin) return name + QStringLiteral(": data range");
    const int64_t numel = int64_t(w.value(QStringLiteral("numel")).toDouble());
    const qsizetype index = qsizetype(w.value(QStringLiteral("value_index")).toDouble());
    if (t.numel() != numel || (index + numel) * 4 > values.size()) return name + QStringLiteral(": numel");
    for (int64_t i = 0; i < numel; ++i) {
      uint32_t want_bits;
      std::memcpy(&want_bits, values.constData() + 4 * (index + i), 4);
      if (f32_bits(element(t, i)) != want_bits)
        return name + QStringLiteral(": element %1 is %2").arg(i).arg(double(element(t, i)));
    }
  }
  return {};
}

// The file of `t` among the checkpoint's files (by where its bytes lie).
QString file_of(const SafetensorsCheckpoint& ck, const TensorView& t) {
  for (const SafetensorsFile& f : ck.files)
    if (t.data >= f.map->data() && t.data + t.nbytes <= f.map->data() + f.map->size())
      return QFileInfo(QString::fromStdString(f.map->path())).fileName();
  return {};
}

}  // namespace

class TestSafetensors : public QObject {
  Q_OBJECT

 private slots:
  void readsReferenceFiles_data() {
    QTest::addColumn<QString>("rel");
    const QJsonObject files = json_file(QStringLiteral("format/expected.json")).value(QStringLiteral("files")).toObject();
    QVERIFY(files.size() >= 8);
    for (auto it = files.begin(); it != files.end(); ++it) QTest::newRow(qPrintable(it.key())) << it.key();
  }
  void readsReferenceFiles() {
    QFETCH(QString, rel);
    const QJsonObject want =
        json_file(QStringLiteral("format/expected.json")).value(QStringLiteral("files")).toObject().value(rel).toObject();
    const QByteArray values = read_all(fixture(QStringLiteral("format/expected.bin")));
    QVERIFY(!values.isEmpty());
    auto f = read_safetensors(fixture(QStringLiteral("format/") + rel).toStdString());
    QVERIFY2(f, f ? "" : f.error().message.c_str());
    const QString diff = compare_file(*f, want, values);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
  }

  // Tensor order is by data offset; ties (an empty tensor where the next begins) by end.
  void orderAndSpecialShapes() {
    auto f = read_safetensors(fixture(QStringLiteral("format/mixed.safetensors")).toStdString());
    QVERIFY2(f, f ? "" : f.error().message.c_str());
    const TensorView* scalar = find_tensor(f->tensors, "scalar");
    QVERIFY(scalar && scalar->shape.empty() && scalar->numel() == 1 && scalar->nbytes == 4);
    QCOMPARE(element(*scalar, 0), -7.25f);
    const TensorView* empty = find_tensor(f->tensors, "empty");
    QVERIFY(empty && empty->nbytes == 0 && empty->rows() == 0);
    QCOMPARE(empty->shape, (std::vector<int64_t>{0, 4}));
    QCOMPARE(find_tensor(f->tensors, "eight_dims")->shape.size(), size_t(8));
    QVERIFY(find_tensor(f->tensors, "missing") == nullptr);
    for (size_t k = 1; k < f->tensors.size(); ++k) QVERIFY(f->tensors[k - 1].data <= f->tensors[k].data);
    auto u = read_safetensors(fixture(QStringLiteral("format/unaligned.safetensors")).toStdString());
    QVERIFY2(u, u ? "" : u.error().message.c_str());
    QVERIFY((u->tensors[1].data - u->map->data()) % 2 == 1);  // an F32 tensor at an odd file offset
  }

  void checkpointDirectories_data() {
    QTest::addColumn<QString>("dir");
    for (const char* d : {"sharded", "single", "unindexed"}) QTest::newRow(d) << QString::fromLatin1(d);
  }
  void checkpointDirectories() {
    QFETCH(QString, dir);
    const QJsonObject want =
        json_file(QStringLiteral("format/expected.json")).value(QStringLiteral("dirs")).toObject().value(dir).toObject();
    QVERIFY(!want.isEmpty());
    auto ck = read_safetensors_checkpoint(fixture(QStringLiteral("format/") + dir).toStdString());
    QVERIFY2(ck, ck ? "" : ck.error().message.c_str());
    QCOMPARE(ck->tensors.size(), size_t(want.size()));
    std::set<std::string> names;
    for (const TensorView& t : ck->tensors) {
      QVERIFY2(names.insert(t.name).second, t.name.c_str());
      QCOMPARE(file_of(*ck, t), want.value(QString::fromStdString(t.name)).toString());
      QCOMPARE(find_tensor(ck->tensors, t.name), &t);
    }
    // Files in sorted name order, the tensors file by file.
    for (size_t k = 1; k < ck->files.size(); ++k) QVERIFY(ck->files[k - 1].map->path() < ck->files[k].map->path());
    size_t k = 0;
    for (const SafetensorsFile& f : ck->files)
      for (const TensorView& t : f.tensors) QCOMPARE(ck->tensors[k++].name, t.name);
    // The copies in ck->tensors keep pointing into maps owned by ck->files.
    const SafetensorsCheckpoint moved = std::move(*ck);
    QCOMPARE(file_of(moved, moved.tensors.front()), want.value(QString::fromStdString(moved.tensors.front().name)).toString());
  }

  void checkpointPathWithTrailingSlash() {
    auto ck = read_safetensors_checkpoint(fixture(QStringLiteral("format/sharded/")).toStdString());
    QVERIFY2(ck, ck ? "" : ck.error().message.c_str());
    QCOMPARE(ck->files.size(), size_t(2));
  }

  void emptyHeaderIsAValidFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("none.safetensors"));
    const QByteArray header("{}      ");
    const uint64_t n = uint64_t(header.size());
    QVERIFY(write_file(path, QByteArray(reinterpret_cast<const char*>(&n), 8) + header));
    auto f = read_safetensors(path.toStdString());
    QVERIFY2(f, f ? "" : f.error().message.c_str());
    QVERIFY(f->tensors.empty() && f->metadata.empty());
  }

  void badFilesAreRejected_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reader");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("reason");
    const QJsonObject all = json_file(QStringLiteral("format/bad_expected.json"));
    QVERIFY(all.size() >= 25);
    const QDir bad(fixture(QStringLiteral("bad")));
    // Every bad file and directory of this area is listed (nothing untested), and vice versa.
    QStringList on_disk = bad.entryList({QStringLiteral("safetensors_*.safetensors")}, QDir::Files) +
                          bad.entryList({QStringLiteral("bad_config_*"), QStringLiteral("bad_checkpoint_*")}, QDir::Dirs);
    on_disk.sort();
    QStringList listed = all.keys();
    listed.sort();
    QCOMPARE(on_disk, listed);
    for (auto it = all.begin(); it != all.end(); ++it) {
      const QJsonObject e = it.value().toObject();
      const QString reader = e.value(QStringLiteral("reader")).toString();
      if (reader == QLatin1String("config")) continue;  // test_hf_config
      QTest::newRow(qPrintable(it.key())) << it.key() << reader << e.value(QStringLiteral("file")).toString()
                                          << e.value(QStringLiteral("reason")).toString();
    }
  }
  void badFilesAreRejected() {
    QFETCH(QString, name);
    QFETCH(QString, reader);
    QFETCH(QString, file);
    QFETCH(QString, reason);
    QVERIFY(!reason.isEmpty() && !file.isEmpty());
    const std::string path = fixture(QStringLiteral("bad/") + name).toStdString();
    Error err;
    if (reader == QLatin1String("safetensors")) {
      auto f = read_safetensors(path);
      QVERIFY2(!f, "read without error");
      err = f.error();
    } else {
      QCOMPARE(reader, QStringLiteral("checkpoint"));
      auto config = read_hf_config(path + "/config.json");  // the config is fine: the weights fail
      QVERIFY2(config, config ? "" : config.error().message.c_str());
      auto ck = read_safetensors_checkpoint(path);
      QVERIFY2(!ck, "read without error");
      err = ck.error();
    }
    const QString msg = QString::fromStdString(err.message);
    QVERIFY2(err.kind == ErrorKind::BadInput, qPrintable(msg));
    QVERIFY2(msg.contains(file), qPrintable(QStringLiteral("does not name %1: %2").arg(file, msg)));
    QVERIFY2(msg.contains(name), qPrintable(QStringLiteral("does not name %1: %2").arg(name, msg)));
    QVERIFY2(msg.contains(reason), qPrintable(QStringLiteral("expected '%1' in: %2").arg(reason, msg)));
    QVERIFY2(!msg.contains(QLatin1Char('\n')), qPrintable(msg));
  }

  void missingPathsAreBadInput() {
    auto f = read_safetensors("/nonexistent/dir/model.safetensors");
    QVERIFY(!f);
    QCOMPARE(f.error().kind, ErrorKind::BadInput);
    QVERIFY(f.error().message.find("model.safetensors") != std::string::npos);
    auto ck = read_safetensors_checkpoint("/nonexistent/modeldir");
    QVERIFY(!ck);
    QCOMPARE(ck.error().kind, ErrorKind::BadInput);
    QVERIFY(ck.error().message.find("/nonexistent/modeldir: not a directory") != std::string::npos);
    auto d = read_safetensors(fixture(QStringLiteral("format/sharded")).toStdString());
    QVERIFY(!d);
    QVERIFY(d.error().message.find("not a regular file") != std::string::npos);
  }

  // An index that names a dangling link is refused by the shard reader, naming the shard.
  void danglingShardLink() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(write_file(dir.filePath(QStringLiteral("model.safetensors.index.json")),
                       R"({"weight_map": {"w": "s.safetensors"}})"));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("gone")), dir.filePath(QStringLiteral("s.safetensors"))));
    auto ck = read_safetensors_checkpoint(dir.path().toStdString());
    QVERIFY(!ck);
    QCOMPARE(ck.error().kind, ErrorKind::BadInput);
    QVERIFY2(ck.error().message.find("s.safetensors: cannot open") != std::string::npos, ck.error().message.c_str());
  }

  // Every prefix of a valid file, and many random corruptions of its header, either read or fail
  // with BadInput naming the file: never a crash (the sanitizer build checks memory accesses).
  void truncationsAndCorruptionsFailCleanly() {
    const QByteArray good = read_all(fixture(QStringLiteral("format/mixed.safetensors")));
    QVERIFY(good.size() > 1000);
    uint64_t n = 0;
    std::memcpy(&n, good.constData(), 8);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("cut.safetensors"));
    // 1: read, 0: BadInput naming the file, -1: anything else
    auto check = [&](const QByteArray& bytes, const QString& what) -> int {
      if (!write_file(path, bytes)) return -1;
      auto f = read_safetensors(path.toStdString());
      if (f) return 1;
      if (f.error().kind != ErrorKind::BadInput || f.error().message.find("cut.safetensors") == std::string::npos ||
          f.error().message.find('\n') != std::string::npos) {
        qWarning("%s: %s", qPrintable(what), f.error().message.c_str());
        return -1;
      }
      return 0;
    };
    for (qsizetype k = 0; k <= good.size(); ++k) {
      const int r = check(good.left(k), QStringLiteral("prefix %1").arg(k));
      QVERIFY2(r >= 0, "bad error on a truncated file");
      QCOMPARE(r, k == good.size() ? 1 : 0);
    }
    std::mt19937 rng(4242);
    for (int k = 0; k < 3000; ++k) {
      QByteArray b = good;
      const int n_flips = 1 + int(rng() % 3);
      for (int j = 0; j < n_flips; ++j) b[qsizetype(rng() % (8 + n))] = char(rng() & 0xff);
      QVERIFY2(check(b, QStringLiteral("corruption %1").arg(k)) >= 0, "bad error on a corrupted file");
    }
  }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
