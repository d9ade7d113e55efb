// .npy reading and writing against files NumPy wrote (tools/make_npy_fixtures.py), and hostile files.
#include <QtTest>

#include "tests/engine/fixture_util.h"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/format/npy.h"

using namespace tramontane;

namespace {

const std::string kDir = std::string(TRAMONTANE_FIXTURES) + "/npy/";

void spit(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
}

// A format 1.0 file with the given header dict and `data_bytes` bytes of data.
std::string npy_with_header(const std::string& dict, size_t data_bytes) {
  std::string h = dict;
  while ((10 + h.size() + 1) % 64) h += ' ';
  h += '\n';
  std::string out = std::string("\x93NUMPY\x01\x00", 8);
  out += char(h.size() & 0xff);
  out += char(h.size() >> 8);
  return out + h + std::string(data_bytes, '\0');
}

}  // namespace

class TestNpy : public QObject {
  Q_OBJECT
 private slots:
  void readsNumpyFloat32() {
    auto a = read_npy(kDir + "f4_2x3.npy");
    QVERIFY2(a.has_value(), a.has_value() ? "" : a.error().message.c_str());
    QCOMPARE(a->shape, (std::vector<int64_t>{2, 3}));
    QVERIFY(!a->is_f64);
    QCOMPARE(a->f32, (std::vector<float>{1.5f, -2.25f, 3e-8f, 0.0f, -0.0f, 65504.0f}));
    auto v2 = read_npy(kDir + "f4_v2.npy");
    QVERIFY(v2.has_value());
    QCOMPARE(v2->shape, (std::vector<int64_t>{3, 2}));
    QCOMPARE(v2->f32, (std::vector<float>{1, 2, 3, 4, 5, 6}));
    auto d0 = read_npy(kDir + "f4_0d.npy");
    QVERIFY(d0.has_value());
    QVERIFY(d0->shape.empty());
    QCOMPARE(d0->f32, (std::vector<float>{7.5f}));
    auto empty = read_npy(kDir + "f4_0x5.npy");
    QVERIFY(empty.has_value());
    QCOMPARE(empty->shape, (std::vector<int64_t>{0, 5}));
    QCOMPARE(empty->numel(), 0);
  }

  void readsNumpyFloat64() {
    auto a = read_npy(kDir + "f8_2x3.npy");
    QVERIFY(a.has_value());
    QVERIFY(a->is_f64);
    QCOMPARE(a->shape, (std::vector<int64_t>{2, 3}));
    for (int i = 0; i < 6; ++i) QCOMPARE(a->at(i), double(i) / 8 - 0.25 + 1e-12);
  }

  // Our writer produces exactly the bytes of np.save (format 1.0, '<f4', 64-byte aligned header).
  void writesWhatNumpyWrites() {
    QTemporaryDir tmp;
    const std::string out = tmp.path().toStdString() + "/out.npy";
    const float a[6] = {1.5f, -2.25f, 3e-8f, 0.0f, -0.0f, 65504.0f};
    QVERIFY(write_npy_f32(out, a, {2, 3}).has_value());
    QCOMPARE(slurp(out), slurp(kDir + "f4_2x3.npy"));
    const float b[4] = {0.1f, 0.2f, 0.3f, 1e30f};
    QVERIFY(write_npy_f32(out, b, {4}).has_value());
    QCOMPARE(slurp(out), slurp(kDir + "f4_1d.npy"));
    const float c = 7.5f;
    QVERIFY(write_npy_f32(out, &c, {}).has_value());
    QCOMPARE(slurp(out), slurp(kDir + "f4_0d.npy"));
    QVERIFY(write_npy_f32(out, nullptr, {0, 5}).has_value());
    QCOMPARE(slurp(out), slurp(kDir + "f4_0x5.npy"));
  }

  void writeToBadPathFails() {
    const float a = 1;
    auto st = write_npy_f32("/nonexistent-dir/x.npy", &a, {1});
    QVERIFY(!st.has_value());
    QVERIFY(QString::fromStdString(st.error().message).contains("/nonexistent-dir/x.npy"));
  }

  void refusesUnsupported_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");
    QTest::newRow("fortran") << "f4_fortran.npy" << "fortran_order";
    QTest::newRow("int32") << "i4.npy" << "'<i4' is not supported";
    QTest::newRow("big-endian") << "be_f4.npy" << "'>f4' is not supported";
  }
  void refusesUnsupported() {
    QFETCH(QString, file);
    QFETCH(QString, message);
    auto a = read_npy(kDir + file.toStdString());
    QVERIFY(!a.has_value());
    QCOMPARE(a.error().kind, ErrorKind::BadInput);
    const QString msg = QString::fromStdString(a.error().message);
    QVERIFY2(msg.contains(message) && msg.contains(file), qPrintable(msg));
  }

  void refusesHostile_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    const std::string good = slurp(kDir + "f4_2x3.npy");
    auto qb = [](const std::string& s) { return QByteArray(s.data(), qsizetype(s.size())); };
    QTest::newRow("empty") << QByteArray() << "bad magic";
    QTest::newRow("bad magic") << qb("\x93NUMPX" + good.substr(6)) << "bad magic";
    QTest::newRow("version 9") << qb(good.substr(0, 6) + "\x09" + good.substr(7)) << "version 9";
    QTest::newRow("truncated data") << qb(good.substr(0, good.size() - 1)) << "data is 23 bytes";
    QTest::newRow("extra data") << qb(good + "xxxx") << "data is 28 bytes";
    QTest::newRow("header past end") << qb(good.substr(0, 8) + "\xff\x7f" + good.substr(10, 20)) << "ends past the file";
    QTest::newRow("header cut") << qb(good.substr(0, 9)) << "truncated header length";
    QTest::newRow("overflowing shape")
        << qb(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 1099511627776), }", 0))
        << "overflows";
    QTest::newRow("huge shape")
        << qb(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1073741824, 2), }", 0))
        << "too large";
    QTest::newRow("digits forever")
        << qb(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }", 0))
        << "too large";
    // fuzz_npy: a zero dimension made the product 0, so huge other dimensions passed, and
    // NpyArray::numel() overflowed multiplying them before the zero.
    QTest::newRow("empty array with huge dims")
        << qb(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1073741824, 0, 1073741824), }", 0))
        << "non-zero dimensions";
    QTest::newRow("fuzz: zero dim overflow (tests/fixtures/bad/npy_fuzz_zero_dim_overflow.npy)")
        << qb(slurp(std::string(TRAMONTANE_FIXTURES) + "/bad/npy_fuzz_zero_dim_overflow.npy")) << "too large";
    QTest::newRow("negative dim")
        << qb(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 0)) << "non-negative";
    QTest::newRow("no shape") << qb(npy_with_header("{'descr': '<f4', 'fortran_order': False, }", 0)) << "lacks";
    QTest::newRow("unterminated") << qb(npy_with_header("{'descr': '<f4", 0)) << "unterminated";
    QTest::newRow("not a dict") << qb(npy_with_header("[1, 2]", 0)) << "expected '{'";
    QTest::newRow("unknown key")
        << qb(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}", 4)) << "unknown header key";
    std::string many;
    for (int i = 0; i < 33; ++i) many += "1, ";
    QTest::newRow("too many dims")
        << qb(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (" + many + "), }", 4))
        << "more than 32 dimensions";
  }
  void refusesHostile() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    const std::string path = tmp.path().toStdString() + "/hostile.npy";
    spit(path, bytes.toStdString());
    auto a = read_npy(path);
    QVERIFY(!a.has_value());
    QCOMPARE(a.error().kind, ErrorKind::BadInput);
    const QString msg = QString::fromStdString(a.error().message);
    QVERIFY2(msg.startsWith(QString::fromStdString(path)) && msg.contains(message), qPrintable(msg));
  }

  // Every byte of a good file replaced by a few hostile values, and every truncation: the
  // reader returns a value or an error, never crashes (run under the sanitizers in CI).
  void corruptedBytesNeverCrash() {
    QTemporaryDir tmp;
    const std::string path = tmp.path().toStdString() + "/c.npy";
    const std::string good = slurp(kDir + "f8_2x3.npy");
    int refused = 0;
    for (size_t i = 0; i < good.size(); ++i) {
      for (char c : {'\0', '9', ')', '\xff'}) {
        std::string bad = good;
        bad[i] = c;
        spit(path, bad);
        auto a = read_npy(path);
        if (!a.has_value()) ++refused;
        else QCOMPARE(size_t(a->numel()), a->f64.size() + a->f32.size());
      }
      spit(path, good.substr(0, i));
      QVERIFY(!read_npy(path).has_value());
    }
    QVERIFY(refused > 0);
  }

  void missingFile() {
    auto a = read_npy(kDir + "no-such.npy");
    QVERIFY(!a.has_value());
    QVERIFY(QString::fromStdString(a.error().message).contains("no-such.npy"));
  }
};

QTEST_APPLESS_MAIN(TestNpy)
#include "test_npy.moc"
