// DreamBench protocol: dataset index parsing, prompts by kind, fixed seeds, resumable generation.
#include <atomic>
#include <set>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/eval/dreambench.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"
#include "olis/build_paths.h"

namespace olis::eval {
namespace {

namespace fs = std::filesystem;

const char* kIndex = R"(Classes

subject_name,class
duck_toy,toy
dog2,dog

Prompts

Object Prompts

prompt_list = [
'a {0} {1} in the jungle'.format(unique_token, class_token),
'a red {0} {1}'.format(unique_token, class_token)
]

Live Subject Prompts

prompt_list = [
'a {0} {1} in the jungle'.format(unique_token, class_token),
'a {0} {1} wearing a red hat'.format(unique_token, class_token),
'a {0} {1} in a chef outfit'.format(unique_token, class_token)
]
)";

DreamBenchDataset tiny_dataset(const fs::path& root) {
  olis::write_file_atomic(root / "prompts_and_classes.txt", kIndex);
  for (const char* s : {"duck_toy", "dog2"}) {
    fs::create_directories(root / s);
    olis::write_file_atomic(root / s / "00.png", "not read by the driver");
  }
  return olis::value_or_throw(load_dreambench(root));
}

TEST(EvalDreamBench, ParsesClassesAndPromptListsByKind) {
  auto d = parse_dreambench_index(kIndex, "index");
  ASSERT_TRUE(d) << d.error().what();
  ASSERT_EQ(d->subjects.size(), 2u);
  EXPECT_EQ(d->subjects[0].kind, SubjectKind::kObject);
  EXPECT_EQ(d->subjects[1].kind, SubjectKind::kLive);
  EXPECT_EQ(d->object_prompts.size(), 2u);
  EXPECT_EQ(d->live_prompts.size(), 3u);
  EXPECT_EQ(format_prompt(d->live_prompts[1], "sks", "dog"), "a sks dog wearing a red hat");
  EXPECT_EQ(format_prompt(d->object_prompts[1], "", "toy"), "a red toy");
  EXPECT_EQ(specific_object_name("duck_toy"), "duck toy");
  EXPECT_EQ(specific_object_name("dog2"), "dog");
  EXPECT_FALSE(parse_dreambench_index("Classes\nsubject_name,class\na,b\n", "x"));
}

TEST(EvalDreamBench, RealDatasetHas30SubjectsAnd25PromptsPerKind) {
  const fs::path root = fs::path(OLIS_SOURCE_DIR).parent_path() / "shared" / "dreambench";
  if (!fs::exists(root / "prompts_and_classes.txt")) GTEST_SKIP() << "no DreamBench folder at " << root;
  auto d = load_dreambench(root);
  ASSERT_TRUE(d) << d.error().what();
  EXPECT_EQ(d->subjects.size(), 30u);
  EXPECT_EQ(d->object_prompts.size(), 25u);
  EXPECT_EQ(d->live_prompts.size(), 25u);
  int live = 0;
  for (const auto& s : d->subjects) {
    live += s.kind == SubjectKind::kLive;
    EXPECT_GE(s.photos.size(), 4u) << s.name;
    auto req = dreambench_requests(*d, s, {}, "/out");
    EXPECT_EQ(req.size(), 100u) << s.name;  // 25 prompts x 4 images
  }
  EXPECT_EQ(live, 9);  // dog, dog2, dog3, dog5..dog8, cat, cat2
}

TEST(EvalDreamBench, FixedDistinctSeedsAndStableFileNames) {
  auto d = tiny_dataset(olis::test::temp_dir("db_seeds"));
  DreamBenchProtocol p;
  p.base_seed = 1000;
  auto req = dreambench_requests(d, d.subjects[1], p, "/out");
  ASSERT_EQ(req.size(), 12u);  // 3 live prompts x 4
  std::set<int64_t> seeds;
  for (const auto& r : req) seeds.insert(r.seed);
  EXPECT_EQ(seeds.size(), 12u);
  EXPECT_EQ(req[5].seed, 1000 + 1 * 4 + 1);
  EXPECT_EQ(req[5].output, fs::path("/out/dog2/01_1.png"));
  EXPECT_EQ(req[5].prompt, "a olis dog wearing a red hat");  // Olis' identifier by default
  // Same protocol, same requests: a rerun regenerates exactly the same images.
  EXPECT_EQ(dreambench_requests(d, d.subjects[1], p, "/out")[5].seed, req[5].seed);
}

TEST(EvalDreamBench, GenerationResumesAndWritesAManifest) {
  const auto root = olis::test::temp_dir("db_resume");
  auto d = tiny_dataset(root / "data");
  const auto out = root / "out";
  DreamBenchProtocol p;
  p.images_per_prompt = 2;
  int calls = 0;
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  ImageGenerator gen = [&](const GenerationRequest& r) {
    if (++calls == 3) cancel->store(true);  // interrupt after the 3rd image
    return torch::full({8, 8, 3}, static_cast<int>(r.seed % 256), torch::kUInt8);
  };
  auto first = run_dreambench_generation(d, {"duck_toy"}, out, p, gen, {}, cancel);
  EXPECT_TRUE(first.cancelled);
  EXPECT_EQ(first.generated, 3);
  cancel->store(false);
  auto second = run_dreambench_generation(d, {"duck_toy"}, out, p, gen, {}, cancel);
  EXPECT_FALSE(second.cancelled);
  EXPECT_EQ(second.skipped, 3);
  EXPECT_EQ(second.generated, 1);  // 2 prompts x 2 images, 3 already there
  auto third = run_dreambench_generation(d, {"duck_toy"}, out, p, gen);
  EXPECT_EQ(third.generated, 0);
  EXPECT_EQ(calls, 4);
  auto set = load_generated_set(out / "duck_toy");
  ASSERT_TRUE(set) << set.error().what();
  ASSERT_EQ(set->size(), 4u);
  // The paper's convention: identifier olis and the specific class name of Table 3 in the prompt.
  EXPECT_EQ((*set)[3].prompt, "a red olis duck toy");
  auto input = dreambench_subject_input(d, d.subjects[0], out, p);
  ASSERT_TRUE(input);
  EXPECT_EQ(input->rules.object_name, "duck toy");
  EXPECT_EQ(input->rules.class_name, "toy");
  // CLIP-T stays DreamBench's text (class word), CLIP-T(object) has the specific name.
  EXPECT_EQ(clip_t_text((*set)[3].prompt, input->rules), "a red toy");
  EXPECT_EQ(clip_t_object_text((*set)[3].prompt, input->rules), "a red duck toy");
  EXPECT_THROW(run_dreambench_generation(d, {"no_such_subject"}, out, p, gen), olis::Error);
  // DreamBench's own class words on request.
  DreamBenchProtocol classic = p;
  classic.identifier = "sks";
  classic.class_names = DreamBenchClassNames::DreamBench;
  EXPECT_EQ(dreambench_requests(d, d.subjects[0], classic, out)[2].prompt, "a red sks toy");
  // Without the manifest, the protocol's file names still give every image its prompt.
  fs::remove(out / "duck_toy" / "manifest.jsonl");
  auto again = dreambench_subject_input(d, d.subjects[0], out, p);
  ASSERT_TRUE(again) << again.error().what();
  ASSERT_EQ(again->generated.size(), 4u);
  EXPECT_EQ(again->generated[2].prompt, "a red olis duck toy");
  EXPECT_FALSE(dreambench_subject_input(d, d.subjects[1], out, p));  // dog2 has no images
}

}  // namespace
}  // namespace olis::eval
