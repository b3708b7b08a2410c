// olis-cli encode --model DIR --prompt "...": token ids of every tokenizer, how the identifiers tokenize,
// and the shapes and norms of the conditioning the UNet would get. Useful for bug reports.
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/cli/command.h"
#include "core/compat/torch_compat.h"
#include "core/text/conditioner.h"

namespace {

struct EncodeArgs {
  std::string model;
  std::string prompt;
  std::string negative;
  bool has_negative = false;
  std::string vocab;
  std::vector<std::string> identifiers;
  bool long_prompts = false;
  int clip_skip = 0;
};

// One line per 77-id chunk: the ids up to the end token, then how much padding follows.
std::string ids_text(const torch::Tensor& row, const olis::text::ClipTokenizer& tok) {
  const auto* p = row.data_ptr<int64_t>();
  const int64_t len = tok.max_length();
  std::string s;
  for (int64_t c = 0; c * len < row.numel(); ++c) {
    const int64_t* chunk = p + c * len;
    int64_t end = 0;
    while (end < len && chunk[end] != tok.eos_id()) ++end;
    end = std::min(end + 1, len);
    s += fmt::format("{}[{}]", c ? "\n            " : "", fmt::join(chunk, chunk + end, ", "));
    if (end < len) s += fmt::format(" + {} x pad {}", len - end, tok.pad_id());
  }
  return s;
}

std::string tensor_text(const torch::Tensor& t) {
  if (!t.defined()) return "none";
  const auto f = t.to(torch::kFloat64);
  return fmt::format("[{}] norm {:.4f}, mean per-row norm {:.4f}, mean {:.6f}, std {:.6f}", fmt::join(t.sizes(), ", "),
                     f.norm().item<double>(), f.norm(2, -1).mean().item<double>(), f.mean().item<double>(),
                     f.std().item<double>());
}

int run_encode(const EncodeArgs& a) {
  olis::text::TextStackOptions opts;
  opts.vocab_dir = a.vocab;
  auto stack = olis::text::load_text_stack(a.model, opts);
  if (!stack) throw stack.error();
  auto shared = std::make_shared<olis::text::TextStack>(std::move(*stack));
  olis::text::ConditionerOptions copts;
  copts.long_prompts = a.long_prompts;
  copts.clip_skip = a.clip_skip;
  olis::text::Conditioner conditioner(shared, copts);

  std::cout << fmt::format("model       {} ({})\n", a.model, olis::io::family_name(shared->family));
  std::vector<std::string> prompts{a.prompt};
  const int chunks = conditioner.chunks_needed(a.has_negative ? std::vector<std::string>{a.prompt, a.negative} : prompts);
  const auto ids = conditioner.tokenize(prompts, chunks);
  for (std::size_t t = 0; t < shared->towers.size(); ++t) {
    const auto& tower = shared->towers[t];
    const auto n = tower.tokenizer.tokenize(a.prompt).size();
    std::cout << fmt::format("{}\n  encoder   {}\n  tokens    {} text token{}{}\n  ids       {}\n", tower.name,
                             tower.encoder->config().summary(), n, n == 1 ? "" : "s",
                             !a.long_prompts && n > static_cast<std::size_t>(tower.tokenizer.chunk_tokens())
                                 ? fmt::format(" (truncated to {}; --long keeps all)", tower.tokenizer.chunk_tokens())
                                 : "",
                             ids_text(ids[t][0], tower.tokenizer));
  }
  std::vector<std::string> identifiers{"olis"};
  identifiers.insert(identifiers.end(), a.identifiers.begin(), a.identifiers.end());
  for (const auto& id : identifiers)
    std::cout << "identifier  "
              << olis::text::format_identifier_report(olis::text::report_identifier(shared->towers[0].tokenizer, id))
              << "\n";

  olis::compat::InferenceGuard guard;
  if (a.has_negative) {
    const auto g = conditioner.encode_guided(prompts, {a.negative});
    std::cout << "context     " << tensor_text(g.cond.context) << "\n";
    std::cout << "pooled      " << tensor_text(g.cond.pooled) << "\n";
    std::cout << "neg context " << tensor_text(g.uncond.context) << "\n";
    std::cout << "neg pooled  " << tensor_text(g.uncond.pooled) << "\n";
  } else {
    const auto c = conditioner.encode_ids(ids);
    std::cout << "context     " << tensor_text(c.context) << "\n";
    std::cout << "pooled      " << tensor_text(c.pooled) << "\n";
  }
  return 0;
}

olis::cli::Registrar reg{"encode", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("encode", "Tokenize and encode a prompt with a model's text encoders");
  auto args = std::make_shared<EncodeArgs>();
  cmd->add_option("--model", args->model, "Model folder (diffusers layout) or single-file checkpoint")->required();
  cmd->add_option("--prompt", args->prompt, "Prompt to encode")->required();
  cmd->add_option("--negative", args->negative, "Negative prompt (also encodes the guidance pair)");
  cmd->add_option("--vocab", args->vocab, "Folder with CLIP vocab.json and merges.txt to use instead of the model's own (default: the model's, else the vocabulary that comes with Olis)");
  cmd->add_option("--identifier", args->identifiers, "Identifier to report besides 'olis' (repeatable)");
  cmd->add_flag("--long", args->long_prompts, "Long prompts: 75-token chunks instead of truncation");
  cmd->add_option("--clip-skip", args->clip_skip, "Use a layer this many layers earlier")->check(CLI::Range(0, 11));
  cmd->callback([&ctx, args, cmd] {
    args->has_negative = cmd->count("--negative") > 0;
    ctx.exit_code = olis::cli::run_guarded([&] { return run_encode(*args); });
  });
}};

}  // namespace
