// Compare grids: rows of models, columns of prompts, the same seeds in every row of a column; validation
// images with identical parameters are reused and not drawn again, earlier cells come from the cache, and
// what is drawn again equals what was reused (on the tiny SDXL fixture model).
#include <gtest/gtest.h>

#include "core/io/image_io.h"
#include "core/jobs/compare.h"
#include "core/jobs/compare_grid.h"
#include "core/jobs/project_training.h"
#include "core/jobs/train_logs.h"
#include "core/prompts/caption.h"
#include "tests/core/jobs/tiny_project.h"
#include "tests/support/fixtures.h"

using namespace olis;
using namespace olis::jobs;
namespace fs = std::filesystem;

namespace {

// Draws a flat colour per row and counts what it drew.
struct StubRenderers {
  std::shared_ptr<std::vector<std::string>> drawn = std::make_shared<std::vector<std::string>>();
  CompareRendererFactory factory() {
    auto log = drawn;
    return [log](const CompareRow& row, const CompareParams&, const JobCallbacks&) -> std::unique_ptr<CompareRenderer> {
      struct R : CompareRenderer {
        std::shared_ptr<std::vector<std::string>> log;
        std::string label;
        std::pair<int, int> default_size_px() const override { return {32, 32}; }
        io::Image render(const std::string& prompt, uint64_t seed, int w, int h, CancelToken&) override {
          log->push_back(label + "|" + prompt + "|" + std::to_string(seed));
          io::Image im;
          im.width = w;
          im.height = h;
          im.rgb.assign(static_cast<std::size_t>(w) * h * 3, static_cast<uint8_t>(seed % 200));
          return im;
        }
      };
      auto r = std::make_unique<R>();
      r->log = log;
      r->label = row.label;
      return r;
    };
  }
};

io::Image flat(int w, int h, uint8_t v) {
  io::Image im;
  im.width = w;
  im.height = h;
  im.rgb.assign(static_cast<std::size_t>(w) * h * 3, v);
  return im;
}

// A run folder with one validation round (step 2) of the project's two validation prompts, as TrainJob writes it.
void write_validation_round(const fs::path& project, const std::vector<std::string>& prompts, int steps) {
  const auto dir = validation_round_dir(project / "training", 2);
  fs::create_directories(dir);
  std::string tsv;
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    io::save_png(dir / fmt::format("{:02d}.png", i), flat(64, 64, static_cast<uint8_t>(10 + 40 * i)));
    tsv += fmt::format("{:02d}.png\t{}\t{}\n", i, 1000 + i, prompts[i]);
  }
  write_file_atomic(dir / "prompts.tsv", tsv);
  write_file_atomic(dir / "parameters.json",
                    nlohmann::json{{"sampler", "ddim"}, {"steps", steps}, {"guidance", 7.5}, {"negative_prompt", ""},
                                   {"precision", "fp32"}, {"width", 64}, {"height", 64}}.dump());
}

#define REQUIRE_TINY_SDXL()                                                                            \
  if (!fs::exists(test::fixtures_root() / "ldm_single_file_sdxl_tiny" / "model_index.json")) {         \
    if (test::in_ci()) FAIL() << test::missing_fixture_message("ldm_single_file_sdxl_tiny");           \
    GTEST_SKIP() << test::missing_fixture_message("ldm_single_file_sdxl_tiny");                        \
  }

}  // namespace

TEST(Compare, ValidationImagesWithIdenticalParametersAreReused) {
  REQUIRE_TINY_SDXL();
  const auto root = test::temp_dir("compare_reuse");
  test::write_tiny_project(root / "p", root / "cache");
  auto params = compare_params_for_project(root / "p");
  ASSERT_EQ(params.prompts.size(), 2u);
  EXPECT_EQ(params.prompts[0], "a <new> backpack in the jungle");
  // The project's validation prompts (a background, then an accessory), as the run rendered them.
  std::vector<std::string> rendered;
  for (const auto& prompt : params.prompts) rendered.push_back(prompts::render_caption(prompt, "olis"));
  ASSERT_EQ(rendered[0], "a olis backpack in the jungle");
  write_validation_round(root / "p", rendered, params.steps);
  params.models = {{CompareModelKind::BaseModel, test::fixtures_root() / "ldm_single_file_sdxl_tiny"},
                   {CompareModelKind::Checkpoint, root / "p", 2}};
  params.out_dir = root / "grid";
  params.width_px = params.height_px = 64;
  StubRenderers stub;
  CompareJob job(params, stub.factory());
  CancelToken cancel;
  job.run({}, cancel);
  const auto& r = job.result();
  // The base model row is drawn (same seeds 1000, 1001 as the validation images); the checkpoint row is not.
  ASSERT_EQ(stub.drawn->size(), 2u);
  EXPECT_EQ((*stub.drawn)[0], "ldm_single_file_sdxl_tiny (base)|a olis backpack in the jungle|1000");
  EXPECT_EQ((*stub.drawn)[1], "ldm_single_file_sdxl_tiny (base)|" + rendered[1] + "|1001");
  EXPECT_EQ(r.rendered, 2);
  EXPECT_EQ(r.reused, 2);
  ASSERT_EQ(r.cells.size(), 4u);
  for (const auto& c : r.cells) {
    EXPECT_EQ(c.seed, 1000u + c.column);
    if (c.row == 1) {
      EXPECT_EQ(c.source, CellSource::Validation);
      EXPECT_EQ(c.reused_from, validation_round_dir(root / "p" / "training", 2) / fmt::format("{:02d}.png", c.column));
    }
  }
  // The grid shows the validation image in the checkpoint row's cells.
  auto grid = value_or_throw(io::load_image(r.grid_png));
  const auto layout = compare_grid_layout(params, r, compare_cell_px(params, r));
  EXPECT_EQ(grid.width, layout.width);
  EXPECT_EQ(grid.height, layout.height);
  const auto& rect = layout.cells[1][1][0];
  EXPECT_EQ(grid.pixel(rect.x + rect.width / 2, rect.y + rect.height / 2)[0], 50);
  auto json = value_or_throw(read_compare_json(r.grid_json));
  EXPECT_EQ(json["cells"][2]["source"], "validation");
  EXPECT_EQ(json["steps"], params.steps);
  EXPECT_EQ(json["rows"][1]["step"], 2);

  // A second grid draws nothing: every cell is in the cache.
  stub.drawn->clear();
  CompareJob again(params, stub.factory());
  again.run({}, cancel);
  EXPECT_TRUE(stub.drawn->empty());
  EXPECT_EQ(again.result().reused, 4);

  // Other parameters than the validation's: the validation images are not used (and without its checkpoint
  // the row cannot be drawn, which is said).
  params.steps += 1;
  params.models = {{CompareModelKind::Checkpoint, root / "p", 2}};
  params.out_dir = root / "grid2";
  CompareJob other(params, default_compare_renderers());
  try {
    other.run({}, cancel);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("was removed"), std::string::npos) << e.what();
  }
}

TEST(Compare, ExplainsRowsItCannotUse) {
  REQUIRE_TINY_SDXL();
  const auto root = test::temp_dir("compare_errors");
  test::write_tiny_project(root / "p", root / "cache");
  CompareParams p;
  p.prompts = {"a <new> backpack"};
  p.models = {{CompareModelKind::Checkpoint, root / "p"}};
  try {
    plan_compare_rows(p);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no checkpoint yet"), std::string::npos) << e.what();
  }
  p.models = {{CompareModelKind::LoraFile, root / "missing.safetensors"}};
  try {
    plan_compare_rows(p);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("base model"), std::string::npos) << e.what();
  }
  p.models = {{CompareModelKind::BaseModel, root / "nope"}};
  try {
    plan_compare_rows(p);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos) << e.what();
  }
}

// The real thing: a 4-step run with validation at steps 2 and 4, then a grid of both checkpoints and the
// base model. Validation images are reused; drawing the same cell again gives the same pixels.
TEST(Compare, TinyRunReusesValidationImagesAndRedrawsThemEqually) {
  REQUIRE_TINY_SDXL();
  const auto root = test::temp_dir("compare_e2e");
  test::write_tiny_project(root / "p", root / "cache");
  CancelToken cancel;
  ProjectJobOptions regset, train;
  regset.task = ProjectTask::RegularizationSet;
  train.task = ProjectTask::Training;
  ProjectJob(root / "p", regset).run({}, cancel);
  ProjectJob(root / "p", train).run({}, cancel);
  ASSERT_TRUE(fs::exists(root / "p/training/validation/step-00000004/parameters.json"));

  auto params = compare_params_for_project(root / "p");
  params.models = {{CompareModelKind::Checkpoint, root / "p", 2},
                   {CompareModelKind::Checkpoint, root / "p", 4},
                   {CompareModelKind::BaseModel, test::fixtures_root() / "ldm_single_file_sdxl_tiny"}};
  params.width_px = params.height_px = 64;
  params.vocab_dir = test::fixtures_root() / "clip_tokenizer";
  params.out_dir = root / "grid";
  CompareJob job(params);
  job.run({}, cancel);
  EXPECT_EQ(job.result().reused, 4);
  EXPECT_EQ(job.result().rendered, 2);

  auto redraw = params;
  redraw.models = {{CompareModelKind::Checkpoint, root / "p", 4}};
  redraw.reuse = false;
  redraw.out_dir = root / "redraw";
  CompareJob again(redraw);
  again.run({}, cancel);
  ASSERT_EQ(again.result().rendered, 2);
  for (const auto& c : again.result().cells) {
    auto drawn = value_or_throw(io::load_image(c.image));
    auto validation = value_or_throw(io::load_image(validation_round_dir(root / "p/training", 4) / fmt::format("{:02d}.png", c.column)));
    EXPECT_EQ(drawn.rgb, validation.rgb) << "column " << c.column;
  }
}
