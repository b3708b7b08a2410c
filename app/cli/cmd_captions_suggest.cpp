// olis-cli captions suggest DIR --clip MODEL: ranks the pool's scenes and the class's specific names
// against each photo with CLIP and prints the best captions; --write fills the empty ones.
#include "app/cli/cmd_captions_suggest.h"

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "core/eval/caption_suggestions.h"
#include "core/jobs/project_captions.h"
#include "core/prompts/caption.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

namespace olis::cli {

namespace {

namespace fs = std::filesystem;

struct SuggestArgs {
  std::string dir, clip, clip_text, tokenizer, class_noun, specific_class, kind, json_out;
  std::string identifier = "olis";
  std::vector<std::string> pools;
  int top = 5;
  bool write = false;
};

nlohmann::json to_json(const eval::CaptionSuggestions& s) {
  nlohmann::json j;
  j["class"] = s.class_name;
  j["specific_names"] = nlohmann::json::array();
  for (const auto& n : s.specific_names) j["specific_names"].push_back({{"name", n.text}, {"score", n.score}});
  j["photos"] = nlohmann::json::array();
  for (const auto& p : s.photos) {
    nlohmann::json captions = nlohmann::json::array();
    for (const auto& c : p.captions)
      captions.push_back({{"caption", c.caption}, {"scene", c.scene}, {"clip_text", c.clip_text}, {"score", c.score}});
    j["photos"].push_back({{"photo", p.photo.string()}, {"captions", captions}});
  }
  return j;
}

int run_suggest(const SuggestArgs& a) {
  if (a.clip.empty()) throw Error("captions suggest needs --clip MODEL (a CLIP folder with the vision and text towers)");
  const fs::path dir(a.dir);
  const bool is_project = fs::exists(dir / jobs::kProjectFileName);
  jobs::Project project;
  std::vector<prompts::CaptionedPhoto> folder;
  std::vector<fs::path> photos;
  prompts::Subject subject;
  if (is_project) {
    project = value_or_throw(jobs::load_project(dir / jobs::kProjectFileName));
    subject = jobs::project_subject(project);
    photos = jobs::project_photo_paths(dir, project);
    if (photos.empty()) throw Error((dir / jobs::kProjectFileName).string() + ": the project has no photos");
  } else {
    folder = value_or_throw(prompts::read_sidecar_captions(dir, a.identifier));
    if (folder.empty()) throw Error(a.dir + " has no photos (.jpg, .jpeg, .png, .webp, .bmp) and no project.olis.yaml");
    for (const auto& p : folder) photos.push_back(p.image);
    subject.identifier = a.identifier;
  }
  if (!a.class_noun.empty()) subject.class_noun = a.class_noun;
  if (!a.specific_class.empty()) subject.specific_class = a.specific_class;
  if (!a.kind.empty()) {
    auto k = prompts::parse_subject_kind(a.kind);
    if (!k) throw Error("--kind must be object, living or person, not '" + a.kind + "'");
    subject.kind = *k;
  } else if (!is_project) {
    subject.kind = prompts::suggest_kind(subject.class_noun);
  }
  if (subject.class_noun.empty())
    throw Error("the class of the subject is not known; pass it with --class, e.g. --class dog");

  prompts::PoolLoadOptions po;
  for (const auto& f : a.pools) po.user_files.push_back(f);
  const auto pools = value_or_throw(prompts::load_pool_set(po));
  std::cerr << "loading " << a.clip << " ...\n";
  auto ev = eval::Evaluator::load({a.clip, a.clip_text, a.tokenizer, {}});
  eval::CaptionSuggestionOptions options;
  options.top_k = a.top;
  const auto s = eval::suggest_captions(ev, pools, subject, photos, options);

  std::cout << "class: " << s.class_name << " (" << prompts::to_string(subject.kind) << ")\n";
  if (s.specific_names.size() > 1) {
    std::cout << "specific names:";
    for (const auto& n : s.specific_names) std::cout << fmt::format("  {} ({:.4f})", n.text, n.score);
    std::cout << "\n";
  }
  for (const auto& p : s.photos) {
    std::cout << p.photo.filename().string() << ":\n";
    for (const auto& c : p.captions) std::cout << fmt::format("  {:.4f}  {}\n", c.score, c.caption);
  }
  if (!a.json_out.empty()) {
    write_file_atomic(a.json_out, to_json(s).dump(2) + "\n");
    std::cout << "suggestions written to " << a.json_out << "\n";
  }
  if (a.write) {
    if (is_project) {
      const int n = jobs::fill_empty_captions(project, s);
      if (auto ok = jobs::save_project(project, dir / jobs::kProjectFileName); !ok) throw ok.error();
      std::cout << n << " empty caption(s) filled in " << (dir / jobs::kProjectFileName).string() << "\n";
    } else {
      std::vector<prompts::CaptionedPhoto> fill;
      for (std::size_t i = 0; i < folder.size(); ++i)
        if (!folder[i].has_sidecar && !s.photos[i].captions.empty())
          fill.push_back({folder[i].image, s.photos[i].captions.front().caption, false});
      if (auto ok = prompts::write_sidecar_captions(fill, subject.identifier); !ok) throw ok.error();
      std::cout << fill.size() << " caption file(s) written for the photos without one\n";
    }
  }
  return 0;
}

}  // namespace

void add_captions_suggest(CLI::App* captions, Context& ctx) {
  auto* cmd = captions->add_subcommand("suggest", "Suggest captions for a project or a folder of photos with CLIP");
  auto a = std::make_shared<SuggestArgs>();
  cmd->add_option("DIR", a->dir, "A project folder (project.olis.yaml) or a folder of photos")->required();
  cmd->add_option("--clip", a->clip, "CLIP model folder (vision and text towers, or the vision tower with --clip-text)");
  cmd->add_option("--clip-text", a->clip_text, "CLIP text tower folder when it is not in --clip");
  cmd->add_option("--tokenizer", a->tokenizer, "Folder with the CLIP vocab.json and merges.txt (default: the text folder)");
  cmd->add_option("--class", a->class_noun, "Class of the subject (default: the project's)");
  cmd->add_option("--specific-class", a->specific_class, "Specific class name used in the captions, e.g. corgi");
  cmd->add_option("--kind", a->kind, "object | living | person (default: the project's, or from the class)");
  cmd->add_option("--identifier", a->identifier, "Identifier written into .txt files instead of <new>")->capture_default_str();
  cmd->add_option("--pool", a->pools, "User pool file or overlay (repeatable)");
  cmd->add_option("--top", a->top, "Suggestions per photo")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_option("--json", a->json_out, "Also write the suggestions with their scores to this JSON file");
  cmd->add_flag("--write", a->write,
                "Fill the empty captions with the best suggestion (a project's file, or .txt files for photos without one)");
  cmd->callback([&ctx, a] { ctx.exit_code = run_guarded([&] { return run_suggest(*a); }); });
}

}  // namespace olis::cli
