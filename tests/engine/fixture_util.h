#pragma once
// Helpers shared by the engine tests: reading fixture files, comparing a ModelConfig with the
// expected values a tools/ script wrote as JSON, a damaged copy of a fixture model.
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/model/config.h"

inline std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// Every field of `c` against `w` (keys: arch, n_embd, n_ff, n_layer, n_head, n_head_kv, head_dim, n_vocab,
// window, n_ctx_max, bos_id, eos_id, rms_eps, rope_theta, tie_embeddings). Use inside a test function.
inline void compare_config(const tramontane::ModelConfig& c, const QJsonObject& w) {
  auto num = [&](const char* k) { return int64_t(w.value(QLatin1String(k)).toDouble()); };
  QCOMPARE(QString::fromLatin1(tramontane::arch_name(c.arch)), w.value(QStringLiteral("arch")).toString());
  QCOMPARE(c.n_embd, num("n_embd"));
  QCOMPARE(c.n_ff, num("n_ff"));
  QCOMPARE(c.n_layer, num("n_layer"));
  QCOMPARE(c.n_head, num("n_head"));
  QCOMPARE(c.n_head_kv, num("n_head_kv"));
  QCOMPARE(c.head_dim, num("head_dim"));
  QCOMPARE(c.n_vocab, num("n_vocab"));
  QCOMPARE(c.window, num("window"));
  QCOMPARE(c.n_ctx_max, num("n_ctx_max"));
  QCOMPARE(int64_t(c.bos_id), num("bos_id"));
  QCOMPARE(int64_t(c.eos_id), num("eos_id"));
  QCOMPARE(c.rms_eps, float(w.value(QStringLiteral("rms_eps")).toDouble()));
  QCOMPARE(c.rope_theta, float(w.value(QStringLiteral("rope_theta")).toDouble()));
  QCOMPARE(c.tie_embeddings, w.value(QStringLiteral("tie_embeddings")).toBool());
}

// Copies the Hugging Face fixture folder `src` (config.json, tokenizer.model, one
// model.safetensors) into `dst` with every value of the float16 tensor `tensor` set to NaN, as a
// damaged or hostile file could have it (nothing scans the weights at load). Returns false when
// the tensor is missing or not float16.
inline bool copy_with_nan_tensor(const QString& src, const QString& dst, const std::string& tensor) {
  for (const char* f : {"config.json", "tokenizer.model"})
    if (!QFile::copy(QDir(src).filePath(QLatin1String(f)), QDir(dst).filePath(QLatin1String(f)))) return false;
  QFile in(QDir(src).filePath(QStringLiteral("model.safetensors")));
  if (!in.open(QIODevice::ReadOnly)) return false;
  QByteArray st = in.readAll();
  uint64_t header_len = 0;
  std::memcpy(&header_len, st.constData(), 8);
  const auto header = nlohmann::json::parse(st.mid(8, qsizetype(header_len)).toStdString());
  if (!header.contains(tensor) || header.at(tensor).at("dtype") != "F16") return false;
  const auto& offsets = header.at(tensor).at("data_offsets");
  const qsizetype base = 8 + qsizetype(header_len);
  for (qsizetype i = base + offsets[0].get<qsizetype>(); i < base + offsets[1].get<qsizetype>(); i += 2) {
    st[i] = char(0x00);   // float16 quiet NaN: 0x7E00, little-endian
    st[i + 1] = char(0x7E);
  }
  QFile out(QDir(dst).filePath(QStringLiteral("model.safetensors")));
  return out.open(QIODevice::WriteOnly) && out.write(st) == st.size();
}
