#include "core/jobs/regset_job.h"

#include <gtest/gtest.h>

#include "core/io/image_io.h"
#include "core/jobs/content_hash.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

using namespace olis::jobs;
namespace fs = std::filesystem;

namespace {

std::vector<olis::prompts::PromptItem> items_of(int n, const std::string& what = "backpack") {
  std::vector<olis::prompts::PromptItem> items(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    items[i].id = fmt::format("reg-{:05d}", i);
    items[i].category = olis::prompts::PromptCategory::Photoreal;
    items[i].prompt = "a photo of a red " + what + " " + std::to_string(i);
    items[i].seed = 1000 + i;
  }
  return items;
}

RegSetKey key_for(const std::string& cls) {
  RegSetKey k;
  k.model_hash = "modelhash";
  k.class_noun = cls;
  k.kind = "object";
  k.pool_version = "pools-1";
  k.seed = 7;
  k.width_px = k.height_px = 8;
  return k;
}

struct StubGenerator {
  std::vector<std::string> generated_ids;
  std::vector<std::size_t> batch_sizes;
  int cancel_after_batches = -1;
  RegImageGenerator fn() {
    return [this](const std::vector<RegImageRequest>& batch, CancelToken& cancel) {
      std::vector<olis::training::RgbImage> out;
      for (const auto& r : batch) {
        olis::training::RgbImage img;
        img.width = r.width_px;
        img.height = r.height_px;
        img.rgb.assign(static_cast<std::size_t>(img.width) * img.height * 3, static_cast<uint8_t>(r.seed % 251));
        out.push_back(img);
        generated_ids.push_back(r.id);
      }
      batch_sizes.push_back(batch.size());
      if (static_cast<int>(batch_sizes.size()) == cancel_after_batches) cancel.request_cancel();
      return out;
    };
  }
};

}  // namespace

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')).substr(0, 16), "41edece42d63e8d9");
}

TEST(RegSetKey, DigestChangesWithEverythingThatChangesPixels) {
  RegSetKey a = key_for("dog");
  a.specific_class = "corgi";
  a.kind = "living";
  const auto d = a.digest();
  EXPECT_EQ(d.size(), 64u);
  EXPECT_EQ(d, RegSetKey(a).digest());
  int fields = 0;
  auto differs = [&](auto change) {
    auto b = a;
    change(b);
    ++fields;
    EXPECT_NE(b.digest(), d) << "field " << fields << " is not part of the key";
  };
  differs([](RegSetKey& b) { b.prior = "class"; });
  differs([](RegSetKey& b) { b.model_hash = "n"; });
  differs([](RegSetKey& b) { b.precision = "bf16"; });
  differs([](RegSetKey& b) { b.tokenizer_hash = "t"; });
  differs([](RegSetKey& b) { b.sampler = "euler"; });
  differs([](RegSetKey& b) { b.steps = 49; });
  differs([](RegSetKey& b) { b.guidance = 7.0; });
  differs([](RegSetKey& b) { b.width_px = 16; });
  differs([](RegSetKey& b) { b.height_px = 16; });
  differs([](RegSetKey& b) { b.negative_prompt = "blurry"; });
  differs([](RegSetKey& b) { b.class_noun = "cat"; });
  differs([](RegSetKey& b) { b.specific_class = ""; });
  differs([](RegSetKey& b) { b.kind = "object"; });
  differs([](RegSetKey& b) { b.pool_version = "2"; });
  differs([](RegSetKey& b) { b.seed = 2; });
  EXPECT_EQ(fields + 0u, a.to_json().size());  // every field of the key is covered above
  auto back = RegSetKey::from_json(a.to_json(), "key.json");
  ASSERT_TRUE(back) << back.error().what();
  EXPECT_TRUE(*back == a);
}

TEST(RegSetKey, ImageNamesHoldPromptAndSeed) {
  const auto n = regset_image_name("a photo of a dog", 1);
  EXPECT_EQ(n.size(), 36u);
  EXPECT_EQ(n, regset_image_name("a photo of a dog", 1));
  EXPECT_NE(n, regset_image_name("a photo of a dog", 2));
  EXPECT_NE(n, regset_image_name("a photo of a cat", 1));
}

TEST(RegSetJob, GeneratesEveryImageInBatchesWithItsParameters) {
  auto root = olis::test::temp_dir("regset_full");
  StubGenerator gen;
  RegSetJob job(make_regset_plan(key_for("backpack"), items_of(10), root / "cache"), 4, gen.fn());
  std::vector<JobProgress> reports;
  JobCallbacks cb;
  cb.progress = [&](const JobProgress& p) { reports.push_back(p); };
  CancelToken cancel;
  job.run(cb, cancel);
  EXPECT_EQ(gen.generated_ids.size(), 10u);
  EXPECT_EQ(gen.batch_sizes, (std::vector<std::size_t>{4, 4, 2}));
  for (const auto& item : job.plan().items) {
    ASSERT_TRUE(fs::is_regular_file(item.image_path)) << item.image_path;
    auto text = olis::io::read_png_text(item.image_path);
    ASSERT_TRUE(text);
    const auto& params = text->at("parameters");
    EXPECT_EQ(params.rfind(item.prompt + "\n", 0), 0u) << params;
    EXPECT_NE(params.find("Seed: " + std::to_string(item.seed)), std::string::npos) << params;
    EXPECT_NE(params.find("Sampler: DDIM"), std::string::npos) << params;
    EXPECT_NE(params.find("Size: 8x8"), std::string::npos) << params;
  }
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().step, 10);
  EXPECT_EQ(reports.back().total, 10);
  auto key = olis::read_text_file(job.status().dir / "key.json");
  ASSERT_TRUE(key);
  EXPECT_EQ(nlohmann::json::parse(*key), key_for("backpack").to_json());
  EXPECT_EQ(job.status().dir.filename().string(), key_for("backpack").digest());
  EXPECT_GT(job.status().images_per_second, 0);
}

TEST(RegSetJob, StopAndResumeNeverRedoesImagesAndCleansUpAfterAKill) {
  auto root = olis::test::temp_dir("regset_resume");
  const auto plan = make_regset_plan(key_for("backpack"), items_of(16), root / "cache");
  StubGenerator first;
  first.cancel_after_batches = 2;
  {
    RegSetJob job(plan, 4, first.fn());
    CancelToken cancel;
    EXPECT_EQ(run_job_safely(job, {}, cancel).outcome, JobOutcome::Cancelled);
  }
  EXPECT_EQ(first.generated_ids.size(), 8u);
  // A kill in the middle of writing an image leaves its temporary file; the next run removes it.
  const fs::path leftover = plan.items[9].image_path + ".tmp-abc123";
  olis::write_file_atomic(leftover, "half a png");
  const fs::path other = plan.dir / "images" / "unrelated.txt";
  olis::write_file_atomic(other, "kept");

  StubGenerator second;
  RegSetJob job(plan, 4, second.fn());
  std::vector<std::string> logs;
  JobCallbacks cb;
  cb.log = [&](const std::string& l) { logs.push_back(l); };
  CancelToken cancel;
  job.run(cb, cancel);
  EXPECT_EQ(second.generated_ids.size(), 8u);
  for (const auto& id : second.generated_ids)
    EXPECT_EQ(std::count(first.generated_ids.begin(), first.generated_ids.end(), id), 0) << id << " was generated twice";
  EXPECT_FALSE(fs::exists(leftover));
  EXPECT_TRUE(fs::exists(other));
  std::size_t pngs = 0;
  for (const auto& e : fs::directory_iterator(plan.dir / "images")) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
    pngs += e.path().extension() == ".png";
  }
  EXPECT_EQ(pngs, 16u);
  EXPECT_NE(std::find_if(logs.begin(), logs.end(), [](const auto& l) { return l.find("Removed 1 unfinished file") != std::string::npos; }),
            logs.end());
}

TEST(RegSetJob, ACompleteSetIsReusedWithoutWritingAnything) {
  auto root = olis::test::temp_dir("regset_reuse");
  StubGenerator a, b, c;
  CancelToken cancel;
  RegSetJob first(make_regset_plan(key_for("backpack"), items_of(6), root / "cache"), 4, a.fn());
  first.run({}, cancel);
  // Nothing may change in the cache folder when the set is complete (a read-only cache works).
  std::map<std::string, fs::file_time_type> before;
  for (const auto& e : fs::recursive_directory_iterator(root / "cache")) before[e.path().string()] = e.last_write_time();
  std::vector<std::string> logs;
  JobCallbacks cb;
  cb.log = [&](const std::string& l) { logs.push_back(l); };
  RegSetJob again(make_regset_plan(key_for("backpack"), items_of(6), root / "cache"), 4, b.fn());
  again.run(cb, cancel);
  EXPECT_TRUE(again.status().reused);
  EXPECT_TRUE(b.generated_ids.empty());
  ASSERT_FALSE(logs.empty());
  EXPECT_NE(logs[0].find("Reusing"), std::string::npos);
  std::map<std::string, fs::file_time_type> after;
  for (const auto& e : fs::recursive_directory_iterator(root / "cache")) after[e.path().string()] = e.last_write_time();
  EXPECT_EQ(before, after);
  // Another class is another folder.
  RegSetJob other(make_regset_plan(key_for("dog"), items_of(6, "dog"), root / "cache"), 4, c.fn());
  other.run({}, cancel);
  EXPECT_EQ(c.generated_ids.size(), 6u);
  EXPECT_NE(other.status().dir, first.status().dir);
}

TEST(RegSetJob, AFolderWhoseKeyDiffersIsNeverUsed) {
  auto root = olis::test::temp_dir("regset_badkey");
  auto plan = make_regset_plan(key_for("backpack"), items_of(4), root / "cache");
  StubGenerator a;
  CancelToken cancel;
  RegSetJob(plan, 4, a.fn()).run({}, cancel);
  // Someone copied the dog set's key (and images) into the backpack folder.
  olis::write_file_atomic(plan.dir / "key.json", key_for("dog").to_json().dump(2));
  StubGenerator b;
  RegSetJob job(plan, 4, b.fn());
  auto r = run_job_safely(job, {}, cancel);
  EXPECT_EQ(r.outcome, JobOutcome::Failed);
  EXPECT_NE(r.message.find((plan.dir / "key.json").string()), std::string::npos) << r.message;
  EXPECT_TRUE(b.generated_ids.empty());
}

TEST(RegSetJob, ItemsOnlyEnterTheFolderOfTheirKey) {
  auto root = olis::test::temp_dir("regset_foreign");
  auto plan = make_regset_plan(key_for("backpack"), items_of(2), root / "cache");
  plan.items[1].image_path = (root / "elsewhere" / "x.png").string();
  StubGenerator gen;
  CancelToken cancel;
  RegSetJob job(plan, 4, gen.fn());
  auto r = run_job_safely(job, {}, cancel);
  EXPECT_EQ(r.outcome, JobOutcome::Failed);
  EXPECT_NE(r.message.find("is not " + (plan.dir / "images").string()), std::string::npos) << r.message;
  // The right folder, but the name of another prompt.
  plan.items[1].image_path = (plan.dir / "images" / regset_image_name("a photo of a dog", plan.items[1].seed)).string();
  RegSetJob again(plan, 4, gen.fn());
  r = run_job_safely(again, {}, cancel);
  EXPECT_EQ(r.outcome, JobOutcome::Failed);
  EXPECT_TRUE(gen.generated_ids.empty());
  EXPECT_FALSE(fs::exists(plan.items[1].image_path));
}

TEST(RegSetJob, SecondProcessOnTheSameFolderIsRefused) {
  auto root = olis::test::temp_dir("regset_lock");
  auto plan = make_regset_plan(key_for("backpack"), items_of(8), root / "cache");
  CancelToken cancel;
  std::string inner_message;
  StubGenerator outer_gen;
  auto outer = outer_gen.fn();
  bool ran_inner = false;
  RegSetJob job(plan, 4, [&](const std::vector<RegImageRequest>& batch, CancelToken& c) {
    if (!ran_inner) {  // while this job holds the folder, a second job on it must stop at once
      ran_inner = true;
      StubGenerator g;
      RegSetJob second(plan, 4, g.fn());
      CancelToken c2;
      inner_message = run_job_safely(second, {}, c2).message;
      EXPECT_TRUE(g.generated_ids.empty());
    }
    return outer(batch, c);
  });
  job.run({}, cancel);
  EXPECT_NE(inner_message.find("another Olis process"), std::string::npos) << inner_message;
}

TEST(RegSetJob, LatentCacheIsWrittenPerImageAfterTheImages) {
  auto root = olis::test::temp_dir("regset_latents");
  auto plan = make_regset_plan(key_for("backpack"), items_of(6), root / "cache");
  plan.latents_dir = plan.dir / "latents" / "trainmodel";
  StubGenerator gen;
  int encoded = 0;
  RegLatentEncoder enc = [&](const olis::training::RgbImage& img, const std::string& prompt) {
    EXPECT_EQ(gen.generated_ids.size(), 6u) << "latents are encoded after every image exists";
    ++encoded;
    return olis::io::TensorMap{{"latents", torch::full({4, img.height / 8, img.width / 8}, static_cast<float>(prompt.size()))}};
  };
  RegSetJob job(plan, 4, gen.fn(), enc);
  CancelToken cancel;
  job.run({}, cancel);
  EXPECT_EQ(encoded, 6);
  auto t = olis::io::load_safetensors(plan.latents_path(plan.items[3]));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->at("latents").sizes(), (std::vector<int64_t>{4, 1, 1}));
}

TEST(ModelFingerprint, ChangesWithWeightsHeader) {
  auto root = olis::test::temp_dir("fingerprint");
  fs::create_directories(root / "m" / "unet");
  olis::io::save_safetensors(root / "m" / "unet" / "diffusion_pytorch_model.safetensors", {{"w", torch::zeros({2})}});
  auto a = model_fingerprint(root / "m");
  ASSERT_TRUE(a);
  olis::io::save_safetensors(root / "m" / "unet" / "diffusion_pytorch_model.safetensors", {{"w", torch::zeros({3})}});
  auto b = model_fingerprint(root / "m");
  ASSERT_TRUE(b);
  EXPECT_NE(*a, *b);
  EXPECT_FALSE(model_fingerprint(root / "missing"));
}
