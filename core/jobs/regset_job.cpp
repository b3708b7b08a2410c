#include "core/jobs/regset_job.h"

#include <chrono>
#include <tuple>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/io/image_io.h"
#include "core/prompts/manifest.h"
#include "core/sampling/generation_parameters.h"
#include "core/util/atomic_file.h"
#include "core/util/json_util.h"

namespace olis::jobs {

namespace fs = std::filesystem;

fs::path RegSetPlan::latents_path(const prompts::PromptItem& item) const {
  return latents_dir / fs::path(item.image_path).filename().replace_extension(".safetensors");
}

RegSetPlan make_regset_plan(const RegSetKey& key, std::vector<prompts::PromptItem> items, const fs::path& cache_root) {
  RegSetPlan plan;
  plan.key = key;
  plan.dir = regset_dir(cache_root, key);
  plan.items = std::move(items);
  for (auto& item : plan.items) item.image_path = (plan.dir / "images" / regset_image_name(item.prompt, item.seed)).string();
  return plan;
}

std::string regset_manifest_text(const std::vector<prompts::PromptItem>& items) {
  std::string text;
  for (auto item : items) {
    std::error_code ec;
    if (!item.image_path.empty() && !fs::is_regular_file(item.image_path, ec)) item.image_path.clear();
    text += prompts::to_json(item).dump();
    text += '\n';
  }
  return text;
}

int remove_stale_temporaries(const fs::path& dir, const std::string& target_name) {
  int removed = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const auto tmp = name.find(".tmp-");
    if (tmp == std::string::npos || tmp == 0) continue;
    if (!target_name.empty() && name.compare(0, tmp, target_name) != 0) continue;
    std::error_code rm;
    if (it->is_regular_file(rm) && fs::remove(it->path(), rm)) ++removed;
  }
  return removed;
}

namespace {

bool exists_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// One process fills a cache folder at a time: an flock on <dir>/.lock, released when the job ends (or
// the process dies). Lets the holder remove the temporaries of killed runs without racing a live writer.
class CacheFolderLock {
 public:
  explicit CacheFolderLock(const fs::path& dir) : path_(dir / ".lock") {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(fmt::format("cannot create the lock file {}: {}", path_.string(), std::strerror(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      std::string holder(32, '\0');
      const auto n = ::pread(fd_, holder.data(), holder.size(), 0);
      holder.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
      ::close(fd_);
      if (err == EWOULDBLOCK)
        throw Error(fmt::format("another Olis process{} is generating into {}; wait for it to finish, or stop it",
                                holder.empty() ? "" : " (pid " + holder + ")", dir.string()));
      throw Error(fmt::format("cannot lock {}: {}", path_.string(), std::strerror(err)));
    }
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
      // The pid is only a hint for the message above.
    }
  }
  ~CacheFolderLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the flock
  }
  CacheFolderLock(const CacheFolderLock&) = delete;
  CacheFolderLock& operator=(const CacheFolderLock&) = delete;

 private:
  fs::path path_;
  int fd_ = -1;
};

// Fails before any work when the manifest cannot be written, naming the file and the reason.
void require_writable(const fs::path& file) {
  auto why = [&](const std::string& reason) {
    return Error(fmt::format("regset needs to write the project's regularization manifest {} (the set it describes "
                             "changed) but cannot: {}. Make the folder writable, or set regularization.manifest "
                             "to a writable path",
                             file.string(), reason));
  };
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw why("a folder has that name");
  try {
    AtomicFileWriter probe(file);  // creates (and, uncommitted, removes) a temporary file beside it
  } catch (const std::exception& e) {
    throw why(e.what());
  }
}

std::string a1111_sampler(const std::string& sampler) {
  if (sampler == "ddim") return "DDIM";
  if (sampler == "euler") return "Euler";
  if (sampler == "dpmpp2m") return "DPM++ 2M";
  return sampler;
}

std::string png_parameters(const RegSetKey& key, const prompts::PromptItem& item) {
  sampling::GenerationInfo info;
  info.prompt = item.prompt;
  info.negative_prompt = key.negative_prompt;
  info.steps = key.steps;
  info.sampler = a1111_sampler(key.sampler);
  info.cfg_scale = key.guidance;
  info.seed = item.seed;
  info.width = key.width_px;
  info.height = key.height_px;
  info.model_hash = key.model_hash.substr(0, 10);
  info.extra.emplace_back("Olis regularization set", key.digest().substr(0, 16));
  return sampling::format_a1111_parameters(info);
}

}  // namespace

RegSetJob::RegSetJob(RegSetPlan plan, int batch_size, RegImageGenerator generator, RegLatentEncoder encoder)
    : plan_(std::move(plan)), batch_size_(batch_size), generator_(std::move(generator)), encoder_(std::move(encoder)) {
  status_.dir = plan_.dir;
  status_.manifest = plan_.manifest;
  status_.total = static_cast<int64_t>(plan_.items.size());
}

std::string RegSetJob::name() const {
  const auto& k = plan_.key;
  return fmt::format("Regularization set: {} images of {}", plan_.items.size(),
                     k.specific_class.empty() ? k.class_noun : k.specific_class);
}

void RegSetJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  if (batch_size_ < 1) throw Error("the regularization batch size must be at least 1");
  if (plan_.items.empty()) {
    callbacks.emit_log("This project has no regularization set (regularization.prior: none, or count 0): nothing to generate");
    // A manifest of an earlier set would describe images that training no longer uses.
    auto old = plan_.manifest.empty() ? Expected<std::string>(std::string()) : read_text_file(plan_.manifest);
    if (old && !old->empty()) {
      try {
        write_file_atomic(plan_.manifest, "");
      } catch (const std::exception& e) {
        callbacks.emit_log(fmt::format("Note: {} still lists an earlier set and cannot be emptied ({})",
                                       plan_.manifest.string(), e.what()));
      }
    }
    return;
  }
  if (!generator_) throw Error("the regularization-set job has no image generator");
  // An image enters the cache only under its key's folder and its own prompt and seed.
  for (const auto& item : plan_.items) {
    const fs::path image(item.image_path);
    if (image.parent_path() != plan_.dir / "images" || image.filename() != regset_image_name(item.prompt, item.seed))
      throw Error(fmt::format("regularization item {}: its image {} is not {}", item.id, item.image_path,
                              (plan_.dir / "images" / regset_image_name(item.prompt, item.seed)).string()));
  }

  // A folder is named by the digest of its key; a key.json that says otherwise means it was edited or
  // damaged, and its images cannot be trusted.
  const fs::path key_file = plan_.dir / "key.json";
  if (exists_file(key_file)) {
    auto text = value_or_throw(read_text_file(key_file));
    auto stored = parse_json_lenient(text, key_file.string());
    Expected<RegSetKey> key = stored ? RegSetKey::from_json(*stored, key_file.string()) : Expected<RegSetKey>(tl::unexpected(stored.error()));
    if (!key || !(*key == plan_.key))
      throw Error(fmt::format("{} does not hold the key of this regularization set ({}); the folder was changed by "
                              "hand or is damaged. Remove the folder {} and run regset again",
                              key_file.string(), key ? "another set's key" : key.error().message(), plan_.dir.string()));
  }

  const bool encode = static_cast<bool>(encoder_) && !plan_.latents_dir.empty();
  auto count_missing = [&] {
    int64_t images = 0, latents = 0;
    for (const auto& item : plan_.items) {
      if (!exists_file(item.image_path)) ++images;
      else if (encode && !exists_file(plan_.latents_path(item))) ++latents;
    }
    return std::pair{images, latents};
  };
  int64_t missing = 0, missing_latents = 0;
  std::tie(missing, missing_latents) = count_missing();
  status_.done = status_.total - missing;

  // The manifest follows the project; when it must change and cannot, say so before the long work.
  auto manifest_current = [&] {
    if (plan_.manifest.empty()) return true;
    auto text = read_text_file(plan_.manifest);
    return text && *text == regset_manifest_text(plan_.items);
  };
  auto write_manifest = [&] {
    if (manifest_current()) return;
    write_file_atomic(plan_.manifest, regset_manifest_text(plan_.items));
    remove_stale_temporaries(plan_.manifest.parent_path(), plan_.manifest.filename().string());
  };
  const bool manifest_changes = !manifest_current();
  if (manifest_changes) require_writable(plan_.manifest);

  ProgressReporter progress(callbacks, status_.total);
  progress.step(status_.done);
  if (missing == 0 && missing_latents == 0) {
    status_.reused = true;
    callbacks.emit_log(fmt::format("Reusing the regularization set in {} ({} images)", plan_.dir.string(), status_.total));
    if (manifest_changes) write_manifest();
    return;
  }

  std::error_code ec;
  fs::create_directories(plan_.dir / "images", ec);
  if (ec) throw Error("cannot create the regularization cache folder " + (plan_.dir / "images").string() + ": " + ec.message());
  CacheFolderLock lock(plan_.dir);
  if (!exists_file(key_file)) write_file_atomic(key_file, plan_.key.to_json().dump(2) + "\n");
  int stale = remove_stale_temporaries(plan_.dir / "images");
  if (encode) stale += remove_stale_temporaries(plan_.latents_dir);
  if (stale > 0) callbacks.emit_log(fmt::format("Removed {} unfinished files of an interrupted run", stale));
  std::tie(missing, missing_latents) = count_missing();  // another process may have finished some meanwhile
  status_.done = status_.total - missing;
  if (status_.done > 0)
    callbacks.emit_log(fmt::format("{} of {} images already exist (cached or from an earlier run); generating {}",
                                   status_.done, status_.total, missing));
  write_manifest();  // with the images that exist so far

  generate_missing(callbacks, cancel);
  if (encode) encode_missing(callbacks, cancel);
  write_manifest();
}

void RegSetJob::generate_missing(const JobCallbacks& callbacks, CancelToken& cancel) {
  std::vector<const prompts::PromptItem*> pending;
  for (const auto& item : plan_.items)
    if (!exists_file(item.image_path)) pending.push_back(&item);
  ProgressReporter progress(callbacks, status_.total);
  const auto start = std::chrono::steady_clock::now();
  const auto batch = static_cast<std::size_t>(batch_size_);
  for (std::size_t b = 0; b < pending.size(); b += batch) {
    cancel.throw_if_cancelled();
    std::vector<RegImageRequest> requests;
    for (std::size_t k = b; k < std::min(pending.size(), b + batch); ++k) {
      RegImageRequest r;
      r.id = pending[k]->id;
      r.prompt = pending[k]->prompt;
      r.seed = pending[k]->seed;
      r.negative_prompt = plan_.key.negative_prompt;
      r.width_px = plan_.key.width_px;
      r.height_px = plan_.key.height_px;
      requests.push_back(std::move(r));
    }
    auto images = generator_(requests, cancel);
    if (images.size() != requests.size())
      throw Error(fmt::format("the image generator returned {} images for a batch of {}", images.size(), requests.size()));
    for (std::size_t k = 0; k < requests.size(); ++k) {
      const auto& item = *pending[b + k];
      io::save_png(item.image_path, images[k], {{"parameters", png_parameters(plan_.key, item)}});
    }
    status_.generated += static_cast<int64_t>(requests.size());
    status_.done += static_cast<int64_t>(requests.size());
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    status_.images_per_second = elapsed > 0 ? status_.generated / elapsed : 0;
    progress.step(status_.done);
    const double eta = status_.images_per_second > 0 ? (status_.total - status_.done) / status_.images_per_second : -1;
    callbacks.emit_log(fmt::format("{}/{} images, {:.2f} img/s, ETA {:.0f} s", status_.done, status_.total,
                                   status_.images_per_second, eta));
    if (!images.empty()) callbacks.emit_preview(PreviewImage{images.back().width, images.back().height, images.back().rgb});
  }
}

void RegSetJob::encode_missing(const JobCallbacks& callbacks, CancelToken& cancel) {
  int64_t encoded = 0;
  for (const auto& item : plan_.items) {
    const auto out = plan_.latents_path(item);
    if (exists_file(out)) continue;
    cancel.throw_if_cancelled();
    auto image = value_or_throw(io::load_image(item.image_path));
    io::save_safetensors(out, encoder_(image, item.prompt));
    ++encoded;
  }
  if (encoded > 0) callbacks.emit_log(fmt::format("Cached the latents of {} images in {}", encoded, plan_.latents_dir.string()));
}

}  // namespace olis::jobs
