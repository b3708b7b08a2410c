#pragma once
// Helpers of the booth tests (caption suggestions, Personalize, Compare, Benchmark): the fixture folder and a
// project on the tiny SDXL fixture model (64 px, LoRA rank 4, CPU, a regularization set of 2).
#include <QDir>
#include <QFile>
#include <QString>
#include <QtTest>

#include "tests/ui/ui_test_util.h"

namespace olis::test {

// fixturesRoot() is in ui_test_util.h.

inline bool writeTextFile(const QString& path, const QString& text) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) == text.toUtf8().size();
}

struct TinyProject {
  int steps = 4;
  int checkpointEvery = 2;
  int evalEvery = 2;
  int validationPrompts = 2;
  QString classNoun = QStringLiteral("backpack");
  QString kind = QStringLiteral("object");
  bool metrics = false;           // the tiny CLIP and DINO towers for the sweep and the captions
  QStringList captions = {QStringLiteral("a <new> backpack on a rock"), QStringLiteral("a <new> backpack"),
                          QStringLiteral("a <new> backpack on a table"), QString()};
};

// Writes photos, project.olis.yaml and training.olis.yaml into `dir`.
inline bool writeTinyProject(const QString& dir, const QString& cacheRoot, const TinyProject& p = {}) {
  QDir().mkpath(dir);
  const QString f = QDir(fixturesRoot()).absolutePath();
  QString photos;
  for (int i = 0; i < p.captions.size(); ++i) {
    if (!writeImage(QDir(dir).filePath(QStringLiteral("photo%1.png").arg(i)), 72 + 8 * i, 80, i + 1)) return false;
    photos += QStringLiteral("  - {file: photo%1.png, caption: \"%2\"}\n").arg(i).arg(p.captions[i]);
  }
  const QString project = QStringLiteral("schema: olis-project/1\nsubject: {identifier: olis, class_noun: %1, kind: %2}\nphotos:\n%3")
                              .arg(p.classNoun, p.kind, photos);
  QString training = QStringLiteral(
                         "base_model: %1/ldm_single_file_sdxl_tiny\nvocab_dir: %1/clip_tokenizer\nmode: lora\nlora_rank: 4\n"
                         "steps: %2\nlr: 0.001\nresolution: 64\ncheckpoint_every: %3\neval_every: %4\neval_steps: 2\n"
                         "validation_prompts: %5\ndevice: cpu\nseed: 3\n"
                         "regularization: {count: 2, batch: 2, steps: 2, cache_root: %6}\n")
                         .arg(f)
                         .arg(p.steps)
                         .arg(p.checkpointEvery)
                         .arg(p.evalEvery)
                         .arg(p.validationPrompts)
                         .arg(cacheRoot);
  if (p.metrics)
    training += QStringLiteral("metrics: {clip: %1/clip_vision_tiny, clip_text: %1/clip_text_tiny, tokenizer: %1/clip_tokenizer, "
                               "dino: %1/dino_vits_tiny/model_hf_vit.safetensors}\n")
                    .arg(f);
  return writeTextFile(QDir(dir).filePath("project.olis.yaml"), project) &&
         writeTextFile(QDir(dir).filePath("training.olis.yaml"), training);
}

}  // namespace olis::test

// Skips the test when the tiny fixture model is absent (fails when CI is set).
#define OLIS_REQUIRE_TINY_FIXTURES()                                                                           \
  if (!QFile::exists(QDir(olis::test::fixturesRoot()).filePath("ldm_single_file_sdxl_tiny/model_index.json"))) { \
    if (!qEnvironmentVariableIsEmpty("CI")) QFAIL("fixtures missing and CI is set");                           \
    QSKIP("fixtures not found (set OLIS_FIXTURES)");                                                          \
  }
