#include "core/jobs/regset_job.h"
#include "core/io/image_io.h"

#include <gtest/gtest.h>

#include "core/jobs/content_hash.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

using namespace olis::jobs;
namespace fs = std::filesystem;

namespace {

fs::path write_source_manifest(const fs::path& dir, int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    nlohmann::json j{{"id", fmt::format("reg-{:05d}", i)}, {"category", "photoreal"},
                     {"prompt", "a photo of a red backpack " + std::to_string(i)}, {"seed", 1000 + i}, {"image", nullptr}};
    text += j.dump() + "\n";
  }
  auto p = dir / "reg.jsonl";
  olis::write_file_atomic(p, text);
  return p;
}

struct StubGenerator {
  std::vector<std::string> generated_ids;
  int cancel_after_batches = -1;
  int batches = 0;
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
      if (++batches == cancel_after_batches) cancel.request_cancel();
      return out;
    };
  }
};

RegSetParams params_for(const fs::path& root, const fs::path& manifest, const std::string& cls) {
  RegSetParams p;
  p.source_manifest = manifest;
  p.cache_root = root / "cache";
  p.key = RegSetKey{"modelhash", cls, "", "object", "pools-1", 16, 7};
  p.batch_size = 4;
  p.width_px = p.height_px = 8;
  return p;
}

}  // namespace

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')).substr(0, 16), "41edece42d63e8d9");
}

TEST(RegSetKey, DigestChangesWithEveryField) {
  RegSetKey a{"m", "dog", "corgi", "living", "1", 2000, 1};
  const auto d = a.digest();
  EXPECT_EQ(d.size(), 64u);
  EXPECT_EQ(d, RegSetKey(a).digest());
  auto b = a; b.model_hash = "n"; EXPECT_NE(b.digest(), d);
  b = a; b.specific_class = ""; EXPECT_NE(b.digest(), d);
  b = a; b.kind = "object"; EXPECT_NE(b.digest(), d);
  b = a; b.pool_version = "2"; EXPECT_NE(b.digest(), d);
  b = a; b.count = 1999; EXPECT_NE(b.digest(), d);
  b = a; b.seed = 2; EXPECT_NE(b.digest(), d);
}

TEST(RegSetJob, GeneratesEveryImageAndRecordsPaths) {
  auto root = olis::test::temp_dir("regset_full");
  auto src = write_source_manifest(root, 16);
  StubGenerator gen;
  RegSetJob job(params_for(root, src, "backpack"), gen.fn());
  std::vector<JobProgress> reports;
  JobCallbacks cb;
  cb.progress = [&](const JobProgress& p) { reports.push_back(p); };
  CancelToken cancel;
  job.run(cb, cancel);
  EXPECT_EQ(gen.generated_ids.size(), 16u);
  EXPECT_EQ(gen.batches, 4);
  auto m = read_manifest_lines(job.status().manifest);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->items.size(), 16u);
  for (const auto& item : m->items) {
    ASSERT_TRUE(item.at("image").is_string());
    EXPECT_TRUE(fs::is_regular_file(job.status().dir / item.at("image").get<std::string>()));
    EXPECT_EQ(item.at("category"), "photoreal");  // fields the job does not know are kept
  }
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().step, 16);
  EXPECT_EQ(reports.back().total, 16);
  EXPECT_TRUE(fs::exists(job.status().dir / "complete.json"));
  EXPECT_GT(job.status().images_per_second, 0);
}

TEST(RegSetJob, StopAndResumeNeverRedoesImages) {
  auto root = olis::test::temp_dir("regset_resume");
  auto src = write_source_manifest(root, 16);
  StubGenerator first;
  first.cancel_after_batches = 2;
  {
    RegSetJob job(params_for(root, src, "backpack"), first.fn());
    CancelToken cancel;
    auto result = run_job_safely(job, {}, cancel);
    EXPECT_EQ(result.outcome, JobOutcome::Cancelled);
  }
  EXPECT_EQ(first.generated_ids.size(), 8u);
  // A kill after an image was written but before the manifest noted it: the image is adopted.
  RegSetJob probe(params_for(root, src, "backpack"), first.fn());
  olis::training::RgbImage img{8, 8, std::vector<uint8_t>(8 * 8 * 3, 9)};
  olis::io::save_png(probe.status().dir / "images" / "reg-00008.png", img);

  StubGenerator second;
  RegSetJob job(params_for(root, src, "backpack"), second.fn());
  CancelToken cancel;
  job.run({}, cancel);
  EXPECT_EQ(second.generated_ids.size(), 7u);
  for (const auto& id : second.generated_ids) {
    EXPECT_EQ(std::count(first.generated_ids.begin(), first.generated_ids.end(), id), 0) << id << " was generated twice";
    EXPECT_NE(id, "reg-00008");
  }
  auto m = read_manifest_lines(job.status().manifest);
  for (const auto& item : m->items) EXPECT_TRUE(item.at("image").is_string()) << item.dump();
}

TEST(RegSetJob, SecondSubjectOfSameClassReusesTheSet) {
  auto root = olis::test::temp_dir("regset_reuse");
  auto src = write_source_manifest(root, 16);
  StubGenerator a, b, c;
  CancelToken cancel;
  RegSetJob first(params_for(root, src, "backpack"), a.fn());
  first.run({}, cancel);
  std::vector<std::string> logs;
  JobCallbacks cb;
  cb.log = [&](const std::string& l) { logs.push_back(l); };
  RegSetJob again(params_for(root, src, "backpack"), b.fn());
  again.run(cb, cancel);
  EXPECT_TRUE(again.status().reused);
  EXPECT_TRUE(b.generated_ids.empty());
  EXPECT_EQ(again.status().dir, first.status().dir);
  ASSERT_FALSE(logs.empty());
  EXPECT_NE(logs[0].find("Reusing"), std::string::npos);
  RegSetJob other(params_for(root, src, "dog"), c.fn());
  other.run({}, cancel);
  EXPECT_EQ(c.generated_ids.size(), 16u);
  EXPECT_NE(other.status().dir, first.status().dir);
}

TEST(RegSetJob, LatentCacheIsWrittenPerImage) {
  auto root = olis::test::temp_dir("regset_latents");
  auto src = write_source_manifest(root, 16);
  StubGenerator gen;
  int encoded = 0;
  RegLatentEncoder enc = [&](const olis::training::RgbImage& img, const std::string& prompt) {
    ++encoded;
    return olis::io::TensorMap{{"latents", torch::full({4, img.height / 8, img.width / 8}, static_cast<float>(prompt.size()))}};
  };
  RegSetJob job(params_for(root, src, "backpack"), gen.fn(), enc);
  CancelToken cancel;
  job.run({}, cancel);
  EXPECT_EQ(encoded, 16);
  auto t = olis::io::load_safetensors(job.status().dir / "latents" / "reg-00003.safetensors");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->at("latents").sizes(), (std::vector<int64_t>{4, 1, 1}));
}

TEST(RegSetJob, DamagedManifestLineIsReportedWithLineNumber) {
  auto root = olis::test::temp_dir("regset_bad");
  olis::write_file_atomic(root / "reg.jsonl", "{\"id\":\"a\",\"prompt\":\"x\",\"seed\":1}\n{not json\n");
  auto r = read_manifest_lines(root / "reg.jsonl");
  ASSERT_FALSE(r);
  EXPECT_NE(std::string(r.error().what()).find("reg.jsonl:2"), std::string::npos) << r.error().what();
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
