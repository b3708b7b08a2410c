// olis-cli prompts: samples the structured regularization prompts for a subject.
#include <iostream>
#include <memory>

#include "app/cli/command.h"
#include "core/prompts/caption.h"
#include "core/prompts/manifest.h"
#include "core/prompts/pools.h"
#include "core/prompts/prompt_set.h"
#include "core/util/error.h"

namespace {

struct PromptsArgs {
  std::string class_noun;
  std::string specific_class;
  std::string kind;
  std::string identifier = "olis";
  std::vector<std::string> captions;
  int count = 2000;
  std::uint64_t seed = 1;
  double dropout = 0.5;
  std::string format = "text";
  std::string pool_dir;
  std::vector<std::string> pool_files;
  std::string output;
  std::string prior = "structured";
};

int run_prompts(const PromptsArgs& a) {
  using namespace olis::prompts;
  Subject subject;
  subject.identifier = a.identifier;
  subject.class_noun = a.class_noun;
  if (!a.specific_class.empty()) {
    subject.specific_class = a.specific_class;
  } else if (auto s = suggest_specific_classes(a.class_noun); !s.empty()) {
    std::cerr << "note: '" << a.class_noun << "' is vague; prompts use it as is. More specific classes: ";
    for (std::size_t i = 0; i < s.size(); ++i) std::cerr << (i ? ", " : "") << s[i];
    std::cerr << " (pass one with --specific-class)\n";
  }
  if (!a.kind.empty()) {
    auto k = parse_subject_kind(a.kind);
    if (!k) throw olis::Error("--kind must be object, living or person, not '" + a.kind + "'");
    subject.kind = *k;
  } else {
    subject.kind = suggest_kind(subject.prompt_class());
  }
  for (const auto& c : a.captions) {
    auto check = check_caption(c, subject);
    for (const auto& issue : check.issues)
      std::cerr << (issue.severity == Severity::Error ? "caption error: " : "caption warning: ") << "\"" << c
                << "\": " << issue.message << " " << issue.fix_hint << "\n";
  }
  PoolLoadOptions load;
  load.pool_dir = a.pool_dir;
  for (const auto& f : a.pool_files) load.user_files.emplace_back(f);
  auto pools = olis::value_or_throw(load_pool_set(load));

  PromptSetParams params;
  params.subject = subject;
  params.captions = a.captions;
  params.count = a.count;
  params.seed = a.seed;
  auto items = a.prior == "class" ? sample_class_prompt_set(subject, a.count, a.seed) : sample_prompt_set(pools, params);

  if (!a.output.empty()) {
    if (auto ok = write_manifest(a.output, items); !ok) throw ok.error();
    std::cerr << "wrote " << items.size() << " prompts to " << a.output << " (pools " << pools.version << ")\n";
    return 0;
  }
  // Dropout as training applies it; its generator is separate from the sampler's so that the set itself
  // does not depend on the dropout rate.
  PromptRng dropout_rng(a.seed ^ 0x9E3779B97F4A7C15ull);
  for (const auto& item : items) {
    const auto dropped = a.dropout > 0 ? render_with_dropout(item.slots, a.dropout, dropout_rng) : item.prompt;
    if (a.format == "jsonl") {
      auto j = to_json(item);
      if (a.dropout > 0) j["prompt_with_dropout"] = dropped;
      std::cout << j.dump() << "\n";
    } else {
      std::cout << dropped << "\n";
    }
  }
  return 0;
}

olis::cli::Registrar reg{"prompts", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("prompts", "Sample the structured regularization prompts for a subject");
  auto a = std::make_shared<PromptsArgs>();
  cmd->add_option("--class", a->class_noun, "Class noun of the subject, e.g. backpack, dog, woman")->required();
  cmd->add_option("--specific-class", a->specific_class, "Specific class used in prompts, e.g. \"bear plushie\"");
  cmd->add_option("--kind", a->kind, "object, living or person (default: suggested from the class)")
      ->check(CLI::IsMember({"object", "living", "person"}));
  cmd->add_option("--caption", a->captions, "A training caption such as \"a <new> backpack on a rock\" (repeatable)");
  cmd->add_option("--count", a->count, "Number of prompts")->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", a->seed, "Sampling seed");
  cmd->add_option("--dropout", a->dropout, "Probability of dropping each adjective when printing (0 = none)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--format", a->format, "text (one prompt per line) or jsonl (manifest lines)")
      ->check(CLI::IsMember({"text", "jsonl"}));
  cmd->add_option("--identifier", a->identifier, "The subject's identifier token (default olis)");
  cmd->add_option("--pools", a->pool_dir, "Folder with object/living/person/style.yaml (default: built-in pools)");
  cmd->add_option("--pool-file", a->pool_files, "A user pool file or overlay, applied after the pools (repeatable)");
  cmd->add_option("--prior", a->prior, "structured (the paper's set) or class (DreamBooth's: \"a [class noun]\" each time)")
      ->check(CLI::IsMember({"structured", "class"}));
  cmd->add_option("--output", a->output, "Write the manifest (JSON Lines) to this file instead of printing");
  cmd->callback([&ctx, a] { ctx.exit_code = olis::cli::run_guarded([&] { return run_prompts(*a); }); });
}};

}  // namespace
