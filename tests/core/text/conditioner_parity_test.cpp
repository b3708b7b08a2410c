// SD 2.x and SDXL conditioning (context, pooled) from the ldm_single_file_* fixtures, loaded both from the
// diffusers folders and from the single-file checkpoint, must match the case files.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "core/text/conditioner.h"
#include "core/util/json_util.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

namespace fs = std::filesystem;
using olis::test::tensors_close;
using olis::text::Conditioner;
using olis::text::TextStackOptions;

constexpr double kAtol = 1e-5;  // README: float32 vs float64 <= 1.3e-6
constexpr double kRtol = 1e-5;

fs::path vocab_dir() { return olis::test::fixtures_root() / "clip_tokenizer"; }

// Single files do not record head counts: take the config of the diffusers copy beside them.
TextStackOptions single_file_options(const fs::path& dir) {
  TextStackOptions o;
  o.vocab_dir = vocab_dir();
  for (const char* comp : {"text_encoder", "text_encoder_2"}) {
    const auto path = dir / comp / "config.json";
    if (!fs::exists(path)) continue;
    const auto j = olis::value_or_throw(olis::load_json_file(path));
    const bool projection = j.value("architectures", nlohmann::json::array()).dump().find("WithProjection") !=
                            std::string::npos;
    o.configs[comp] = olis::text::clip_text_config_from_json(j, projection, path.string());
  }
  return o;
}

// The README's "Prompts: [...]" line, when there is one (the case file holds only ids).
std::vector<std::string> readme_prompts(const fs::path& dir) {
  std::ifstream in(dir / "README.md");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(R"(Prompts: (\[[^\n]*?\])\.?\s*\n)"))) return {};
  auto j = nlohmann::json::parse(m[1].str(), nullptr, false);
  if (!j.is_array()) return {};
  return j.get<std::vector<std::string>>();
}

void check_stack(const olis::text::TextStack& loaded, const olis::io::TensorMap& c, const fs::path& dir,
                 const std::string& layout) {
  SCOPED_TRACE(layout);
  auto stack = std::make_shared<olis::text::TextStack>(loaded);
  Conditioner conditioner(stack);
  torch::NoGradGuard no_grad;
  const bool sdxl = stack->family == olis::io::ModelFamily::SDXL;
  std::vector<torch::Tensor> ids;
  for (const auto& tower : stack->towers) ids.push_back(c.at(tower.name + ".input_ids"));
  const auto cond = conditioner.encode_ids(ids);
  EXPECT_TRUE(tensors_close(cond.context, c.at("out_prompt_embeds"), kAtol, kRtol, "context"));
  if (sdxl) {
    EXPECT_TRUE(tensors_close(cond.pooled, c.at("out_pooled_prompt_embeds"), kAtol, kRtol, "pooled"));
  } else {
    EXPECT_FALSE(cond.pooled.defined()) << "only SDXL has a pooled embedding";
  }
  if (c.count("text_encoder.out_full_tower_last_hidden_state_WRONG_for_sd2")) {
    const auto wrong = c.at("text_encoder.out_full_tower_last_hidden_state_WRONG_for_sd2");
    EXPECT_GT(olis::test::max_abs_diff(cond.context, wrong), 1e-3) << "SD 2 must drop the last OpenCLIP block";
  }
  for (const auto& tower : stack->towers) {
    auto out = olis::text::ClipTextModel(tower.encoder)->forward(c.at(tower.name + ".input_ids"));
    const std::string p = tower.name + ".out_";
    if (c.count(p + "last_hidden_state")) {
      EXPECT_TRUE(tensors_close(out.last_hidden_state, c.at(p + "last_hidden_state"), kAtol, kRtol, p + "last"));
    }
    if (c.count(p + "penultimate_hidden_state")) {
      EXPECT_TRUE(tensors_close(out.penultimate(), c.at(p + "penultimate_hidden_state"), kAtol, kRtol, p + "penult"));
    }
    if (c.count(p + "text_embeds")) {
      EXPECT_TRUE(tensors_close(out.text_embeds, c.at(p + "text_embeds"), kAtol, kRtol, p + "text_embeds"));
    }
  }
  // The whole path from text: the tokenizers (with each folder's padding) must give the case's ids.
  const auto prompts = readme_prompts(dir);
  if (!prompts.empty() && static_cast<int64_t>(prompts.size()) == ids[0].size(0)) {
    const auto tokenized = conditioner.tokenize(prompts, 1);
    for (std::size_t t = 0; t < tokenized.size(); ++t)
      EXPECT_TRUE(torch::equal(tokenized[t], ids[t])) << stack->towers[t].name << " ids from the README prompts";
    const auto from_text = conditioner.encode(prompts);
    EXPECT_TRUE(tensors_close(from_text.context, c.at("out_prompt_embeds"), kAtol, kRtol, "context from text"));
  }
}

TEST(ConditionerParity, DiffusersFolderAndSingleFileGiveTheCaseConditioning) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file_", "case.safetensors");
  int checked = 0;
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    const auto c = olis::test::load_case(dir / "case.safetensors");
    if (!c.count("out_prompt_embeds")) continue;  // a fixture without text encoders
    ++checked;
    TextStackOptions folder_opts;
    folder_opts.vocab_dir = vocab_dir();
    auto from_folder = olis::text::load_text_stack(dir, folder_opts);
    ASSERT_TRUE(from_folder) << from_folder.error().what();
    check_stack(*from_folder, c, dir, "diffusers folder");

    auto from_file = olis::text::load_text_stack(dir / "model.safetensors", single_file_options(dir));
    ASSERT_TRUE(from_file) << from_file.error().what();
    check_stack(*from_file, c, dir, "single file");
  }
  if (checked == 0) GTEST_SKIP() << "no ldm_single_file_* fixture with text conditioning";
}

}  // namespace
