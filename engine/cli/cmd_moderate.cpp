// tramontane-cli moderate MODEL --input FILE.csv|jsonl --column C [--label-column L]
//     [--policy NAME|FILE] [--threshold T] [--batch N] [--no-prefix-reuse] [--threads N] --out results.jsonl
//
// Classifies every row's text with a moderation policy (engine/moderation/classifier.h) and
// writes one JSON line per input row, in input order:
//   {"row": 1, "line": 2, "flagged": true, "p_unsafe": 0.93, "top": "malware",
//    "probs": {"illegal": 0.01, ...}, "prompt_tokens": 702, "computed_tokens": 31, "seconds": 0.41,
//    "label": "unsafe", "truth": true}                      (label/truth with --label-column)
//   {"row": 2, "line": 3, "error": "empty text"}               (a row that could not be classified)
// A bad row never stops the run. Exit codes: 0 done (even with row errors); 2 usage; 3 a bad
// model, policy or input file, or a column the file does not have (the message names both).
//
// With --label-column, stdout gets the evaluation with "flagged = positive": a row's label is
// positive by moderation::label_is_positive (1/true/yes/unsafe/flagged, or any label other than
// the policy's safe label; 0/false/no/safe/not flagged or the safe label are negative; empty
// labels are not counted), then the confusion matrix, precision, recall, F1 and accuracy.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/cli/report.h"
#include "engine/core/text.h"
#include "engine/moderation/classifier.h"
#include "engine/moderation/dataset.h"
#include "engine/runtime/engine.h"

namespace tramontane::cli {

namespace {

constexpr const char* kUsage =
    "usage: tramontane-cli moderate MODEL --input FILE.csv|FILE.jsonl --column C [--label-column L] "
    "[--policy NAME|FILE] [--threshold T] [--batch N] [--no-prefix-reuse] [--threads N] --out results.jsonl";

std::string fmt(std::optional<double> v) {
  if (!v) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", *v);
  return buf;
}

}  // namespace

int cmd_moderate(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"no-prefix-reuse"});
  if (!args) return report(args.error());
  if (auto st = args->check_known({"input", "column", "label-column", "policy", "threshold", "out", "batch",
                                   "no-prefix-reuse", "threads"});
      !st)
    return report(st.error());
  if (args->positional().size() != 1) return report(usage_error(kUsage));
  const auto input = args->get("input");
  const auto column = args->get("column");
  const auto out_path = args->get("out");
  if (!input || !column || !out_path) return report(usage_error(kUsage));
  const auto label_column = args->get("label-column");
  auto threshold = args->get_double("threshold", -1);
  if (!threshold) return report(threshold.error());
  if (args->has("threshold") && !(*threshold >= 0 && *threshold <= 1))
    return report(usage_error("--threshold must be in [0, 1]"));
  auto batch = args->get_int("batch", 16, 1, 4096);
  if (!batch) return report(batch.error());
  auto threads = args->get_int("threads", 0, 0, 1024);
  if (!threads) return report(threads.error());
  const auto format = moderation::dataset_format_of(*input);
  if (!format) return report(usage_error("--input must be a .csv or .jsonl file: " + *input));

  // Everything that can be checked without the model first.
  auto policy = moderation::resolve_policy(args->get("policy").value_or("mistral13"));
  if (!policy) return report(policy.error());
  auto data = moderation::read_dataset(*input, *format);
  if (!data) return report(data.error());
  auto missing_column = [&](const std::string& c) {
    std::string have;
    for (const auto& k : data->columns) have += (have.empty() ? "" : ", ") + escape_for_message(k, 40);
    return report({ErrorKind::BadInput, *input + ": no column '" + escape_for_message(c) + "' (columns: " +
                                            (have.empty() ? "none" : have) + ")"});
  };
  const auto text_col = data->column(*column);
  if (!text_col) return missing_column(*column);
  std::optional<size_t> label_col;
  if (label_column) {
    label_col = data->column(*label_column);
    if (!label_col) return missing_column(*label_column);
  }

  auto engine = Engine::load(args->positional()[0], {.threads = int(*threads)});
  if (!engine) return report(engine.error());
  moderation::ClassifierOptions opts;
  opts.prefix_reuse = !args->has("no-prefix-reuse");
  opts.batch_size = *batch;
  opts.threshold = *threshold;
  auto classifier = moderation::Classifier::create(**engine, *policy, opts);
  if (!classifier) return report(classifier.error());

  std::ofstream out(*out_path, std::ios::binary | std::ios::trunc);
  if (!out) return report({ErrorKind::BadInput, *out_path + ": cannot write"});

  // The rows with a readable text go to the classifier; the others keep their error.
  std::vector<std::string> texts;
  std::vector<size_t> text_row;  // texts[i] is from row text_row[i]
  std::vector<std::string> row_error(data->rows.size());
  for (size_t r = 0; r < data->rows.size(); ++r) {
    auto t = data->text(data->rows[r], *text_col);
    if (!t) {
      row_error[r] = t.error().message;
      continue;
    }
    texts.push_back(std::move(*t));
    text_row.push_back(r);
  }
  std::fprintf(stderr, "moderate: %zu rows (%zu to classify), policy %s, threshold %.3g, prefix %zu tokens\n",
               data->rows.size(), texts.size(), classifier->policy().name.c_str(), classifier->threshold(),
               classifier->prefix_tokens().size());
  const auto t0 = std::chrono::steady_clock::now();
  auto last_print = t0;
  auto results = classifier->classify_batch(texts, [&](size_t done, size_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_print < std::chrono::seconds(2)) return;
    last_print = now;
    const double s = std::chrono::duration<double>(now - t0).count();
    std::fprintf(stderr, "moderate: %zu/%zu texts, %.2f texts/s\n", done, total, s > 0 ? double(done) / s : 0.0);
  });
  if (!results) return report(results.error());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::vector<const Expected<moderation::ModerationResult>*> by_row(data->rows.size(), nullptr);
  for (size_t i = 0; i < text_row.size(); ++i) by_row[text_row[i]] = &(*results)[i];

  const auto& labels = classifier->policy().labels;
  moderation::Confusion cm;
  size_t n_errors = 0, n_unlabelled = 0;
  for (size_t r = 0; r < data->rows.size(); ++r) {
    const auto& row = data->rows[r];
    nlohmann::ordered_json j;
    j["row"] = r + 1;
    j["line"] = row.line;
    int truth = -1;  // -1: no label, else 0 / 1 (an int: GCC warns on a std::optional<bool> here)
    if (label_col && row.error.empty()) {
      const auto& v = row.values[*label_col];
      j["label"] = v ? *v : std::string();
      const auto positive = v ? moderation::label_is_positive(*v, classifier->policy()) : std::nullopt;
      if (positive) {
        truth = *positive ? 1 : 0;
        j["truth"] = *positive;
      }
    }
    const auto* res = by_row[r];
    std::string error = row_error[r];
    if (res && !*res) error = res->error().message;
    if (!error.empty()) {
      j["error"] = error;
      ++n_errors;
    } else {
      const auto& m = **res;
      j["flagged"] = m.flagged;
      j["p_unsafe"] = m.p_unsafe;
      j["top"] = labels[m.top].name;
      nlohmann::ordered_json probs;
      for (size_t l = 0; l < labels.size(); ++l) probs[labels[l].name] = m.probs[l];
      j["probs"] = std::move(probs);
      j["prompt_tokens"] = m.prompt_tokens;
      j["computed_tokens"] = m.computed_tokens;
      j["seconds"] = m.seconds;
      if (label_col) {
        if (truth >= 0) cm.add(truth == 1, m.flagged);
        else ++n_unlabelled;
      }
    }
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  out.flush();
  if (!out) return report({ErrorKind::Resource, *out_path + ": write failed"});

  const size_t n_ok = data->rows.size() - n_errors;
  std::fprintf(stderr, "moderate: %zu rows: %zu classified, %zu errors, %.2f s (%.2f texts/s); results in %s\n",
               data->rows.size(), n_ok, n_errors, seconds, seconds > 0 ? double(n_ok) / seconds : 0.0,
               out_path->c_str());
  if (label_col) {
    std::printf("evaluation: policy %s, threshold %.4g, positive class: flagged (P(not safe) >= threshold)\n",
                classifier->policy().name.c_str(), classifier->threshold());
    std::printf("truth: a label is positive unless it is 0/false/no/safe/not flagged or the safe label \"%s\"\n",
                classifier->policy().safe_label().c_str());
    std::printf("rows: %lld evaluated, %zu without a label, %zu errors\n", static_cast<long long>(cm.total()),
                n_unlabelled, n_errors);
    std::printf("confusion matrix (rows: truth, columns: verdict):\n");
    std::printf("                 %10s %12s\n", "flagged", "not flagged");
    std::printf("  positive       %10lld %12lld\n", static_cast<long long>(cm.tp), static_cast<long long>(cm.fn));
    std::printf("  negative       %10lld %12lld\n", static_cast<long long>(cm.fp), static_cast<long long>(cm.tn));
    std::printf("tp: %lld\nfp: %lld\nfn: %lld\ntn: %lld\n", static_cast<long long>(cm.tp),
                static_cast<long long>(cm.fp), static_cast<long long>(cm.fn), static_cast<long long>(cm.tn));
    std::printf("precision: %s\nrecall: %s\nf1: %s\naccuracy: %s\n", fmt(cm.precision()).c_str(),
                fmt(cm.recall()).c_str(), fmt(cm.f1()).c_str(), fmt(cm.accuracy()).c_str());
  }
  return 0;
}

}  // namespace tramontane::cli
