// olis-cli captions check DIR: validates a folder of photos with .txt sidecar captions (suggest: cmd_captions_suggest.cpp).
#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "app/cli/cmd_captions_suggest.h"
#include "app/cli/command.h"
#include "core/prompts/caption.h"
#include "core/prompts/clip_token_count.h"
#include "core/util/error.h"

namespace {

struct CaptionsArgs {
  std::string dir;
  std::string class_noun;
  std::string identifier = "olis";
  std::string tokenizer;
};

// The class when --class is not given: the word found in the most captions (ignoring small words), with
// ties going to the word written right after <new> most often.
std::string guess_class(const std::vector<olis::prompts::CaptionedPhoto>& photos) {
  static const std::set<std::string> small = {"the", "and", "with", "near", "next", "under", "over", "from", "for",
                                              "photo", "picture", "into", "onto", "top", "front", "behind", "beside"};
  std::map<std::string, int> score;  // 2 per caption containing the word, +1 when it follows <new>
  for (const auto& p : photos) {
    std::set<std::string> words;
    std::string w, prev;
    auto flush = [&] {
      if (w.size() >= 3 && !small.count(w)) {
        if (words.insert(w).second) score[w] += 2;
        if (prev == "<new>") score[w] += 1;
      }
      if (!w.empty()) prev = w;
      w.clear();
    };
    for (char c : p.caption + " ") {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '<' || c == '>') w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      else flush();
    }
  }
  std::string best;
  int n = 0;
  for (const auto& [word, c] : score)
    if (word != "<new>" && c > n) best = word, n = c;
  return best;
}

int run_check(const CaptionsArgs& a) {
  using namespace olis::prompts;
  auto photos = olis::value_or_throw(read_sidecar_captions(a.dir, a.identifier));
  if (photos.empty()) throw olis::Error(a.dir + " has no photos (.jpg, .jpeg, .png, .webp, .bmp)");
  Subject subject;
  subject.identifier = a.identifier;
  subject.class_noun = a.class_noun.empty() ? guess_class(photos) : a.class_noun;
  if (subject.class_noun.empty())
    throw olis::Error("cannot tell the class from the captions; pass it with --class, e.g. --class backpack");
  if (a.class_noun.empty()) std::cout << "class: " << subject.class_noun << " (from the captions; set it with --class)\n";
  CaptionOptions options;
  if (!a.tokenizer.empty()) {
    auto tok = olis::value_or_throw(olis::text::ClipTokenizer::load_folder(a.tokenizer));
    options.token_counter = clip_token_counter(tok);
  }
  int errors = 0, warnings = 0;
  for (const auto& p : photos) {
    const auto name = p.image.filename().string();
    auto check = check_caption(p.caption, subject, options);
    if (!p.has_sidecar) {
      std::cout << name << ": warning: no caption file " << std::filesystem::path(p.image).replace_extension(".txt").filename().string()
                << "; Olis will use \"" << check.effective_caption << "\"\n";
      ++warnings;
      continue;
    }
    if (check.issues.empty()) {
      std::cout << name << ": ok, " << (check.token_count_exact ? "" : "about ") << check.token_count << " of "
                << kClipMaxTokens << " tokens: \"" << p.caption << "\"\n";
      continue;
    }
    for (const auto& issue : check.issues) {
      const bool err = issue.severity == Severity::Error;
      (err ? errors : warnings)++;
      std::cout << name << ": " << (err ? "error: " : "warning: ") << issue.message << "\n";
      if (!p.caption.empty()) {
        std::cout << "    " << p.caption << "\n    " << std::string(issue.begin, ' ')
                  << std::string(std::max<std::size_t>(1, issue.end - issue.begin), '^') << "\n";
      }
      std::cout << "    fix: " << issue.fix_hint << "\n";
    }
  }
  std::cout << photos.size() << " photos, " << errors << " errors, " << warnings << " warnings\n";
  return errors > 0 ? 1 : 0;
}

olis::cli::Registrar reg{"captions", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("captions", "Work with the captions of training photos");
  cmd->require_subcommand(1);
  auto* check = cmd->add_subcommand("check", "Validate a folder of photos and their .txt captions");
  auto a = std::make_shared<CaptionsArgs>();
  check->add_option("DIR", a->dir, "Folder with photo.jpg + photo.txt pairs")->required();
  check->add_option("--class", a->class_noun, "Class name the captions must use (default: guessed from them)");
  check->add_option("--identifier", a->identifier, "Identifier other trainers wrote instead of <new> (default olis)");
  check->add_option("--tokenizer", a->tokenizer,
                    "Tokenizer folder (vocab.json, merges.txt) for exact CLIP token counts (default: approximate)");
  check->callback([&ctx, a] { ctx.exit_code = olis::cli::run_guarded([&] { return run_check(*a); }); });
  olis::cli::add_captions_suggest(cmd, ctx);
}};

}  // namespace
