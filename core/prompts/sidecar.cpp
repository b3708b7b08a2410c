// Sidecar captions: photo.jpg <-> photo.txt, as kohya-ss, EveryDream and others read them.
#include <algorithm>
#include <system_error>

#include "core/prompts/caption.h"
#include "core/prompts/text_util.h"
#include "core/util/atomic_file.h"

namespace olis::prompts {

namespace fs = std::filesystem;

bool is_photo_file(const fs::path& path) {
  const auto ext = detail::to_lower(path.extension().string());
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp" || ext == ".bmp";
}

namespace {

// The first whole-word occurrence of identifier becomes <new> (captions written for other trainers).
std::string identifier_to_placeholder(const std::string& caption, const std::string& identifier) {
  if (identifier.empty()) return caption;
  const std::string lc = detail::to_lower(caption), li = detail::to_lower(identifier);
  auto is_wc = [](unsigned char c) { return detail::is_word_byte(c) || c == '-' || c == '_'; };
  for (std::size_t pos = lc.find(li); pos != std::string::npos; pos = lc.find(li, pos + 1)) {
    const std::size_t e = pos + li.size();
    if ((pos == 0 || !is_wc(static_cast<unsigned char>(lc[pos - 1]))) &&
        (e >= lc.size() || !is_wc(static_cast<unsigned char>(lc[e]))))
      return caption.substr(0, pos) + kPlaceholder + caption.substr(e);
  }
  return caption;
}

}  // namespace

Expected<std::vector<CaptionedPhoto>> read_sidecar_captions(const fs::path& dir, const std::string& identifier) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail(dir.string() + " is not a folder");
  std::vector<CaptionedPhoto> photos;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || !is_photo_file(it->path())) continue;
    photos.push_back({it->path(), "", false});
  }
  if (ec) return fail("cannot list " + dir.string() + ": " + ec.message());
  std::sort(photos.begin(), photos.end(),
            [](const auto& a, const auto& b) { return a.image.filename().string() < b.image.filename().string(); });
  for (auto& p : photos) {
    auto txt = fs::path(p.image).replace_extension(".txt");
    if (!fs::is_regular_file(txt, ec)) continue;
    auto text = read_text_file(txt, 1u << 20);
    if (!text) return fail(text.error().message());
    p.has_sidecar = true;
    p.caption = detail::trim(*text);
    if (p.caption.find(kPlaceholder) == std::string::npos) p.caption = identifier_to_placeholder(p.caption, identifier);
  }
  return photos;
}

Expected<void> write_sidecar_captions(const std::vector<CaptionedPhoto>& photos, const std::string& identifier) {
  for (const auto& p : photos) {
    if (detail::trim(p.caption).empty()) continue;
    const auto txt = fs::path(p.image).replace_extension(".txt");
    try {
      write_file_atomic(txt, render_caption(detail::trim(p.caption), identifier) + "\n");
    } catch (const std::exception& e) {
      return fail("cannot write the caption " + txt.string() + ": " + e.what());
    }
  }
  return {};
}

}  // namespace olis::prompts
