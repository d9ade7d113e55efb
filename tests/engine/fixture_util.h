#pragma once
// Helpers shared by the engine tests: reading fixture files, comparing a ModelConfig with the
// expected values a tools/ script wrote as JSON.
#include <QJsonObject>
#include <QtTest>

#include <fstream>
#include <iterator>
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
