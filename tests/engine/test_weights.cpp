// Binding checkpoint tensors to the model (names, shapes, dtypes, tied embeddings) and the
// GGUF -> Hugging Face tensor names.
#include <QtTest>

#include <string>
#include <vector>

#include "engine/format/hf_config.h"
#include "engine/format/safetensors.h"
#include "engine/model/gguf_names.h"
#include "engine/model/weights.h"

using namespace tramontane;

namespace {

struct Loaded {
  ModelConfig config;
  SafetensorsCheckpoint ckpt;
};

Loaded load(const std::string& name) {
  const std::string dir = std::string(TRAMONTANE_FIXTURES) + "/models/" + name;
  auto cfg = read_hf_config(dir + "/config.json");
  if (!cfg) qFatal("%s", cfg.error().message.c_str());
  auto ckpt = read_safetensors_checkpoint(dir);
  if (!ckpt) qFatal("%s", ckpt.error().message.c_str());
  return {*cfg, std::move(*ckpt)};
}

TensorView* find(std::vector<TensorView>& ts, const std::string& name) {
  for (auto& t : ts)
    if (t.name == name) return &t;
  qFatal("no tensor %s", name.c_str());
}

QString bind_error(const ModelConfig& c, const std::vector<TensorView>& ts) {
  auto w = bind_weights(c, ts, "model.safetensors");
  if (w.has_value()) return "bound";
  if (w.error().kind != ErrorKind::BadInput) return "wrong kind";
  return QString::fromStdString(w.error().message);
}

}  // namespace

class TestWeights : public QObject {
  Q_OBJECT
 private slots:
  void bindsEveryRole() {
    Loaded m = load("head_dim");  // n_embd 48, n_head 4, n_head_kv 2, head_dim 16, n_ff 112
    auto w = bind_weights(m.config, m.ckpt.tensors, "head_dim");
    QVERIFY2(w.has_value(), w.has_value() ? "" : w.error().message.c_str());
    QCOMPARE(w->layers.size(), size_t(2));
    QCOMPARE(w->tok_embd->name, std::string("model.embed_tokens.weight"));
    QCOMPARE(w->lm_head->name, std::string("lm_head.weight"));
    QCOMPARE(w->out_norm->name, std::string("model.norm.weight"));
    const LayerWeights& l1 = w->layers[1];
    QCOMPARE(l1.wq->name, std::string("model.layers.1.self_attn.q_proj.weight"));
    QCOMPARE(l1.wq->shape, (std::vector<int64_t>{64, 48}));
    QCOMPARE(l1.wk->shape, (std::vector<int64_t>{32, 48}));
    QCOMPARE(l1.wo->shape, (std::vector<int64_t>{48, 64}));
    QCOMPARE(l1.w_down->name, std::string("model.layers.1.mlp.down_proj.weight"));
    QCOMPARE(l1.ffn_norm->name, std::string("model.layers.1.post_attention_layernorm.weight"));
    QCOMPARE(l1.attn_norm->name, std::string("model.layers.1.input_layernorm.weight"));
  }

  void tiedEmbeddings() {
    Loaded m = load("tied");
    QVERIFY(m.config.tie_embeddings);
    auto w = bind_weights(m.config, m.ckpt.tensors, "tied");
    QVERIFY(w.has_value());
    QCOMPARE(w->lm_head, w->tok_embd);
    // Not tied but no lm_head.weight in the file: named.
    m.config.tie_embeddings = false;
    QCOMPARE(bind_error(m.config, m.ckpt.tensors),
             QString("model.safetensors: tensor 'lm_head.weight' is missing (and tie_word_embeddings is false)"));
  }

  void storedDtypes() {
    for (const char* name : {"f16", "bf16"}) {
      Loaded m = load(name);
      auto w = bind_weights(m.config, m.ckpt.tensors, name);
      QVERIFY(w.has_value());
      const DType want = std::string(name) == "f16" ? DType::F16 : DType::BF16;
      QCOMPARE(w->layers[0].wv->dtype, want);
      QCOMPARE(w->layers[0].attn_norm->dtype, want);
      QCOMPARE(w->tok_embd->dtype, want);
    }
  }

  void missingTensorIsNamed() {
    Loaded m = load("mha");
    std::vector<TensorView> ts;
    for (const auto& t : m.ckpt.tensors)
      if (t.name != "model.layers.1.mlp.up_proj.weight") ts.push_back(t);
    QCOMPARE(bind_error(m.config, ts), QString("model.safetensors: tensor 'model.layers.1.mlp.up_proj.weight' is missing"));
  }

  void wrongShapeIsNamed() {
    Loaded m = load("gqa");  // n_embd 64, n_head_kv 2 x head_dim 8
    std::vector<TensorView> ts = m.ckpt.tensors;
    find(ts, "model.layers.0.self_attn.k_proj.weight")->shape = {64, 64};
    QCOMPARE(bind_error(m.config, ts),
             QString("model.safetensors: tensor 'model.layers.0.self_attn.k_proj.weight' has shape [64, 64], "
                     "expected [16, 64]"));
    // The config disagrees with the file: every projection's shape follows from it.
    ModelConfig c = m.config;
    c.n_ff = 100;
    QCOMPARE(bind_error(c, m.ckpt.tensors),
             QString("model.safetensors: tensor 'model.layers.0.mlp.gate_proj.weight' has shape [128, 64], "
                     "expected [100, 64]"));
  }

  void wrongSizeOrDtype() {
    Loaded m = load("mha");
    std::vector<TensorView> ts = m.ckpt.tensors;
    find(ts, "model.norm.weight")->nbytes -= 4;
    QVERIFY(bind_error(m.config, ts).startsWith("model.safetensors: tensor 'model.norm.weight' holds 124 bytes"));
    ts = m.ckpt.tensors;
    find(ts, "model.layers.0.input_layernorm.weight")->dtype = DType::Q8_0;
    QVERIFY(bind_error(m.config, ts).contains("is Q8_0, expected F32, F16 or BF16"));
    ts = m.ckpt.tensors;
    find(ts, "model.layers.0.self_attn.q_proj.weight")->dtype = DType::Q4_K;  // 32 columns: not a 256 block
    QVERIFY(bind_error(m.config, ts).contains("32 columns is not a whole number of Q4_K blocks"));
    ts = m.ckpt.tensors;
    ts.push_back(ts[0]);
    QVERIFY(bind_error(m.config, ts).contains("appears twice"));
    ts = m.ckpt.tensors;
    ts.push_back(TensorView{"model.layers.0.self_attn.rotary_emb.inv_freq", DType::F32, {4}, nullptr, 0});
    QCOMPARE(bind_error(m.config, ts), QString("bound"));  // unknown extra tensors are ignored
  }

  void ggufNames_data() {
    QTest::addColumn<QString>("gguf");
    QTest::addColumn<QString>("hf");
    QTest::newRow("embd") << "token_embd.weight" << "model.embed_tokens.weight";
    QTest::newRow("out norm") << "output_norm.weight" << "model.norm.weight";
    QTest::newRow("output") << "output.weight" << "lm_head.weight";
    QTest::newRow("attn_norm") << "blk.0.attn_norm.weight" << "model.layers.0.input_layernorm.weight";
    QTest::newRow("q") << "blk.12.attn_q.weight" << "model.layers.12.self_attn.q_proj.weight";
    QTest::newRow("k") << "blk.3.attn_k.weight" << "model.layers.3.self_attn.k_proj.weight";
    QTest::newRow("v") << "blk.31.attn_v.weight" << "model.layers.31.self_attn.v_proj.weight";
    QTest::newRow("o") << "blk.7.attn_output.weight" << "model.layers.7.self_attn.o_proj.weight";
    QTest::newRow("ffn_norm") << "blk.1.ffn_norm.weight" << "model.layers.1.post_attention_layernorm.weight";
    QTest::newRow("gate") << "blk.1.ffn_gate.weight" << "model.layers.1.mlp.gate_proj.weight";
    QTest::newRow("up") << "blk.100.ffn_up.weight" << "model.layers.100.mlp.up_proj.weight";
    QTest::newRow("down") << "blk.9.ffn_down.weight" << "model.layers.9.mlp.down_proj.weight";
    QTest::newRow("rope_freqs") << "rope_freqs.weight" << "";
    QTest::newRow("bias") << "blk.0.attn_q.bias" << "";
    QTest::newRow("no layer") << "blk..attn_q.weight" << "";
    QTest::newRow("leading zero") << "blk.01.attn_q.weight" << "";
    QTest::newRow("letters") << "blk.1a.attn_q.weight" << "";
    QTest::newRow("huge layer") << "blk.12345678.attn_q.weight" << "";
    QTest::newRow("prefix only") << "blk.1" << "";
    QTest::newRow("empty") << "" << "";
  }
  void ggufNames() {
    QFETCH(QString, gguf);
    QFETCH(QString, hf);
    QCOMPARE(QString::fromStdString(hf_name_from_gguf(gguf.toStdString())), hf);
  }
};

QTEST_APPLESS_MAIN(TestWeights)
#include "test_weights.moc"
