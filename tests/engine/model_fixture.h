#pragma once
// A model file of the fixtures opened for a test: the loaded file (memory-mapped tensors) and the
// Model whose weights point into it, kept together. Any failure ends the test (qFatal).
#include <QtTest>

#include <memory>
#include <string>

#include "engine/model/loader.h"
#include "engine/model/model.h"

struct LoadedFixtureModel {
  tramontane::LoadedModel loaded;
  std::unique_ptr<tramontane::Model> model;
};

inline std::unique_ptr<LoadedFixtureModel> load_fixture_model(const std::string& path) {
  using namespace tramontane;
  auto out = std::make_unique<LoadedFixtureModel>();
  auto lm = open_model(path);
  if (!lm) qFatal("%s", lm.error().message.c_str());
  out->loaded = std::move(*lm);
  auto w = bind_weights(out->loaded.config, out->loaded.tensors, out->loaded.path);
  if (!w) qFatal("%s", w.error().message.c_str());
  auto m = Model::create(*w);
  if (!m) qFatal("%s", m.error().message.c_str());
  out->model = std::make_unique<Model>(std::move(*m));
  return out;
}
