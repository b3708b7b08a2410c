// The project's regularization set follows the project: class, kind, count and captions; the
// caption-independent 80 % is shared per class and model; edited captions regenerate only the images whose
// prompts changed; the class and none priors; nothing is written into a project whose set is cached.
#include "core/jobs/regset_plan.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <map>

#include "core/prompts/manifest.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

using namespace olis::jobs;
namespace fs = std::filesystem;
using olis::prompts::PromptCategory;

namespace {

const olis::prompts::PoolSet& pools() {
  static const auto p = olis::value_or_throw(olis::prompts::load_pool_set({}));
  return p;
}

ProjectTraining project_in(const fs::path& dir) {
  ProjectTraining p;
  p.dir = dir;
  p.project.subject.class_noun = "backpack";
  p.project.subject.kind = SubjectKindSetting::Object;
  p.project.photos = {{"p0.png", "a <new> backpack on a rock", ""},
                      {"p1.png", "a <new> backpack in a dark hallway", ""},
                      {"p2.png", "a <new> backpack", ""}};
  p.settings.base_model = dir / "model";
  auto& r = p.settings.regularization;
  r.count = 40;  // 8 training, 24 photoreal, 8 styled
  r.cache_root = (dir.parent_path() / "cache").string();
  r.manifest = (dir / "regularization.jsonl").string();
  return p;
}

const RegSetModelFacts kFacts{"modelhash", 8, "", "modelhash"};

struct StubGenerator {
  std::vector<std::string> prompts;
  RegImageGenerator fn() {
    return [this](const std::vector<RegImageRequest>& batch, CancelToken&) {
      std::vector<olis::training::RgbImage> out;
      for (const auto& r : batch) {
        out.push_back({r.width_px, r.height_px,
                       std::vector<uint8_t>(static_cast<std::size_t>(r.width_px) * r.height_px * 3, static_cast<uint8_t>(r.seed))});
        prompts.push_back(r.prompt);
      }
      return out;
    };
  }
};

// Runs regset for the project as `olis-cli regset` does, with a stub generator; returns the prompts it made.
std::vector<std::string> run_regset(const ProjectTraining& p, RegSetPlan* plan_out = nullptr) {
  StubGenerator gen;
  auto plan = plan_regset(p, pools(), kFacts);
  if (plan_out) *plan_out = plan;
  RegSetJob job(std::move(plan), 4, gen.fn());
  CancelToken cancel;
  job.run({}, cancel);
  return gen.prompts;
}

std::vector<olis::prompts::PromptItem> manifest_of(const ProjectTraining& p) {
  return olis::value_or_throw(olis::prompts::read_manifest(p.settings.regularization.manifest));
}

std::map<std::string, fs::file_time_type> listing(const fs::path& dir) {
  std::map<std::string, fs::file_time_type> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) out[e.path().string()] = e.last_write_time();
  return out;
}

}  // namespace

TEST(RegSetPlan, TheManifestFollowsClassKindAndCount) {
  auto root = olis::test::temp_dir("plan_follows");
  auto p = project_in(root / "project");
  fs::create_directories(p.dir);
  RegSetPlan backpack;
  EXPECT_EQ(run_regset(p, &backpack).size(), 40u);
  auto m = manifest_of(p);
  ASSERT_EQ(m.size(), 40u);
  for (const auto& item : m) {
    EXPECT_NE(item.prompt.find("backpack"), std::string::npos) << item.prompt;
    EXPECT_TRUE(fs::is_regular_file(item.image_path)) << item.image_path;
  }

  // Another class and kind: a new folder, filled from the new prompts (never from the old manifest).
  p.project.subject.class_noun = "dog";
  p.project.subject.kind = SubjectKindSetting::Living;
  for (auto& ph : p.project.photos) ph.caption = "a <new> dog on a sofa";
  RegSetPlan dog;
  const auto made = run_regset(p, &dog);
  EXPECT_EQ(made.size(), 40u);
  EXPECT_NE(dog.dir, backpack.dir);
  for (const auto& prompt : made) EXPECT_EQ(prompt.find("backpack"), std::string::npos) << prompt;
  m = manifest_of(p);
  ASSERT_EQ(m.size(), 40u);
  for (const auto& item : m) {
    EXPECT_NE(item.prompt.find("dog"), std::string::npos) << item.prompt;
    EXPECT_EQ(item.slots.kind, olis::prompts::SubjectKind::Living);
    EXPECT_EQ(fs::path(item.image_path).parent_path(), dog.dir / "images");
  }
  // Nothing of the dog set entered the backpack folder.
  std::size_t backpack_images = 0;
  for (const auto& e : fs::directory_iterator(backpack.dir / "images")) backpack_images += e.path().extension() == ".png";
  EXPECT_EQ(backpack_images, 40u);

  // A count change is not ignored.
  p.settings.regularization.count = 25;
  run_regset(p);
  EXPECT_EQ(manifest_of(p).size(), 25u);
}

TEST(RegSetPlan, TheCaptionIndependent80PercentIsSharedPerClassAndModel) {
  auto root = olis::test::temp_dir("plan_shared");
  auto a = project_in(root / "a");
  auto b = project_in(root / "b");
  fs::create_directories(a.dir);
  fs::create_directories(b.dir);
  b.project.photos = {{"q0.png", "a <new> backpack on a park bench", ""}, {"q1.png", "a <new> backpack in the snow", ""}};
  RegSetPlan pa, pb;
  EXPECT_EQ(run_regset(a, &pa).size(), 40u);
  const auto made = run_regset(b, &pb);
  EXPECT_EQ(pa.dir, pb.dir);  // one folder per class and model
  // Subject b makes only its 8 training-background images; its 32 photoreal and styled ones are a's.
  EXPECT_EQ(made.size(), 8u);
  for (const auto& prompt : made) EXPECT_TRUE(prompt.find("park bench") != std::string::npos || prompt.find("snow") != std::string::npos) << prompt;
  int shared = 0;
  for (std::size_t i = 0; i < pa.items.size(); ++i) {
    if (pa.items[i].category == PromptCategory::Training) {
      EXPECT_NE(pa.items[i].image_path, pb.items[i].image_path);
      continue;
    }
    EXPECT_EQ(pa.items[i].image_path, pb.items[i].image_path);
    EXPECT_EQ(pa.items[i].seed, pb.items[i].seed);
    ++shared;
  }
  EXPECT_EQ(shared, 32);
}

TEST(RegSetPlan, AnEditedCaptionRegeneratesOnlyThePromptsThatChanged) {
  auto root = olis::test::temp_dir("plan_edit");
  auto p = project_in(root / "project");
  fs::create_directories(p.dir);
  run_regset(p);
  // Two backgrounds ("on a rock", "in a dark hallway") share the 8 training prompts; one is edited.
  p.project.photos[1].caption = "a <new> backpack in a sunny kitchen";
  const auto made = run_regset(p);
  EXPECT_EQ(made.size(), 4u);
  for (const auto& prompt : made) EXPECT_NE(prompt.find("in a sunny kitchen"), std::string::npos) << prompt;
  int kitchen = 0;
  for (const auto& item : manifest_of(p)) {
    EXPECT_EQ(item.prompt.find("hallway"), std::string::npos) << item.prompt;
    kitchen += item.prompt.find("sunny kitchen") != std::string::npos;
    EXPECT_TRUE(fs::is_regular_file(item.image_path));
  }
  EXPECT_EQ(kitchen, 4);
}

TEST(RegSetPlan, TrainingUsesTheSetTheProjectDescribes) {
  auto root = olis::test::temp_dir("plan_train");
  auto p = project_in(root / "project");
  fs::create_directories(p.dir);
  try {
    regularization_examples(plan_regset(p, pools(), kFacts), p);
    ADD_FAILURE() << "training started without a regularization set";
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("olis-cli regset " + p.dir.string()), std::string::npos) << e.what();
  }
  run_regset(p);
  auto set = regularization_examples(plan_regset(p, pools(), kFacts), p);
  EXPECT_EQ(set.examples.size(), 40u);
  EXPECT_EQ(set.missing_images, 0u);
  ASSERT_TRUE(set.renderer);
  // An edited caption: training asks for the 4 new images instead of using stale ones.
  p.project.photos[0].caption = "a <new> backpack under a waterfall";
  try {
    regularization_examples(plan_regset(p, pools(), kFacts), p);
    ADD_FAILURE() << "training used images of old captions";
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("4 of 40 images missing"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("under a waterfall"), std::string::npos) << e.what();
  }
}

TEST(RegSetPlan, ClassPriorIsTheClassNounCountTimes) {
  auto root = olis::test::temp_dir("plan_class");
  auto p = project_in(root / "project");
  fs::create_directories(p.dir);
  p.project.subject.specific_class = "hiking backpack";
  const auto structured = plan_regset(p, pools(), kFacts);
  p.settings.regularization.prior = RegPrior::Class;
  const auto plan = plan_regset(p, pools(), kFacts);
  ASSERT_EQ(plan.items.size(), 40u);
  std::set<uint64_t> seeds;
  for (const auto& item : plan.items) {
    EXPECT_EQ(item.prompt, "a backpack");
    EXPECT_EQ(item.category, PromptCategory::Class);
    seeds.insert(item.seed);
  }
  EXPECT_EQ(seeds.size(), 40u);
  EXPECT_EQ(plan.key.prior, "class");
  EXPECT_EQ(plan.key.model_hash, structured.key.model_hash);  // same model
  EXPECT_NE(plan.dir, structured.dir);
  EXPECT_EQ(run_regset(p).size(), 40u);
  EXPECT_EQ(regularization_examples(plan_regset(p, pools(), kFacts), p).examples.size(), 40u);
}

TEST(RegSetPlan, NoPriorNeedsNoSetAndWritesNothing) {
  auto root = olis::test::temp_dir("plan_none");
  auto p = project_in(root / "project");
  fs::create_directories(p.dir);
  p.settings.regularization.prior = RegPrior::None;
  const auto plan = plan_regset(p, pools(), kFacts);
  EXPECT_TRUE(plan.items.empty());
  auto set = regularization_examples(plan, p);  // no cache exists, and training needs none
  EXPECT_TRUE(set.examples.empty());
  EXPECT_EQ(run_regset(p).size(), 0u);
  EXPECT_FALSE(fs::exists(p.settings.regularization.cache_root));
  EXPECT_FALSE(fs::exists(p.settings.regularization.manifest));
  // After a structured set, switching to none empties the project's manifest (it lists no set any more).
  p.settings.regularization.prior = RegPrior::Structured;
  run_regset(p);
  EXPECT_EQ(manifest_of(p).size(), 40u);
  p.settings.regularization.prior = RegPrior::None;
  run_regset(p);
  EXPECT_TRUE(manifest_of(p).empty());
}

TEST(RegSetPlan, ACachedSetWritesNothingIntoTheProject) {
  auto root = olis::test::temp_dir("plan_readonly");
  auto p = project_in(root / "project");
  fs::create_directories(p.dir);
  run_regset(p);
  const auto before = listing(p.dir);
  EXPECT_TRUE(run_regset(p).empty());
  EXPECT_EQ(listing(p.dir), before);
  if (::geteuid() != 0) {  // a truly read-only folder (root ignores permissions)
    fs::permissions(p.dir, fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_NO_THROW(run_regset(p));
    fs::permissions(p.dir, fs::perms::owner_all);
  }
}

TEST(RegSetPlan, AManifestThatCannotBeWrittenIsNamedBeforeAnyImageIsMade) {
  auto root = olis::test::temp_dir("plan_blocked");
  auto p = project_in(root / "project");
  fs::create_directories(p.dir);
  olis::write_file_atomic(p.dir / "blocked", "a file where a folder should be");
  p.settings.regularization.manifest = (p.dir / "blocked" / "regularization.jsonl").string();
  StubGenerator gen;
  RegSetJob job(plan_regset(p, pools(), kFacts), 4, gen.fn());
  CancelToken cancel;
  auto r = run_job_safely(job, {}, cancel);
  EXPECT_EQ(r.outcome, JobOutcome::Failed);
  EXPECT_NE(r.message.find(p.settings.regularization.manifest), std::string::npos) << r.message;
  EXPECT_TRUE(gen.prompts.empty());
}

TEST(RegSetPlan, KeyHoldsTheGenerationSettings) {
  auto root = olis::test::temp_dir("plan_key");
  auto p = project_in(root / "project");
  auto& r = p.settings.regularization;
  r.sampler = "euler";
  r.steps = 30;
  r.guidance = 5;
  r.negative_prompt = "blurry";
  p.settings.precision = TrainPrecision::BFloat16;
  const auto k = plan_regset(p, pools(), {"hash", 64, "tok", "hash"}).key;
  EXPECT_EQ(k.sampler, "euler");
  EXPECT_EQ(k.steps, 30);
  EXPECT_EQ(k.guidance, 5);
  EXPECT_EQ(k.negative_prompt, "blurry");
  EXPECT_EQ(k.precision, "bf16");
  EXPECT_EQ(k.width_px, 64);
  EXPECT_EQ(k.tokenizer_hash, "tok");
  EXPECT_EQ(k.pool_version, pools().version);
  EXPECT_EQ(k.seed, 1u);
  r.steps = 0;
  EXPECT_EQ(plan_regset(p, pools(), kFacts).key.steps, 50);
}

TEST(RegSetSettings, PriorModelSizeAndSamplerAreRead) {
  auto s = parse_train_settings(
      "base_model: /m/sd15\nregularization: {prior: class, model: sdxl, size: 1024, sampler: dpmpp2m, steps: 30}\n",
      "training.olis.yaml", "/p");
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->regularization.prior, RegPrior::Class);
  EXPECT_EQ(s->regularization.model, fs::path("/p/sdxl"));
  EXPECT_EQ(s->regularization.size_px, 1024);
  EXPECT_EQ(s->regularization.sampler, "dpmpp2m");
  // Written back (only the keys the file sets) and read again.
  auto doc = parse_train_settings_doc(
      "base_model: /m/sd15\nregularization: {prior: class, model: sdxl, size: 1024, sampler: dpmpp2m, steps: 30}\n",
      "training.olis.yaml");
  ASSERT_TRUE(doc) << doc.error().what();
  auto back = parse_train_settings(format_train_settings(*doc), "again", "/p");
  ASSERT_TRUE(back) << back.error().what();
  EXPECT_EQ(back->regularization.prior, RegPrior::Class);
  EXPECT_EQ(back->regularization.model, fs::path("/p/sdxl"));
  EXPECT_EQ(back->regularization.size_px, 1024);
  auto none = parse_train_settings("base_model: m\nregularization: {prior: none}\n", "t.yaml", "/p");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->regularization.prior, RegPrior::None);
  auto bad = parse_train_settings("base_model: m\nregularization: {prior: dreambooth}\n", "t.yaml", "/p");
  ASSERT_FALSE(bad);
  EXPECT_NE(std::string(bad.error().what()).find("one of structured, class, none"), std::string::npos);
  auto ddpm = parse_train_settings("base_model: m\nregularization: {sampler: ddpm}\n", "t.yaml", "/p");
  ASSERT_FALSE(ddpm);
  EXPECT_NE(std::string(ddpm.error().what()).find("one of ddim, euler, dpmpp2m"), std::string::npos);
}
