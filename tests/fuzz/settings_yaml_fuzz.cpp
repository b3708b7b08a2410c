// libFuzzer entry for the YAML readers of a project folder: training.olis.yaml and project.olis.yaml.
// Neither may crash, hang or throw past its Expected on any input; what they accept must survive their own
// writer: the written text reads back to the same document.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/jobs/project.h"
#include "core/jobs/train_settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace olis::jobs;
  const std::string text(reinterpret_cast<const char*>(data), size);

  if (auto doc = parse_train_settings_doc(text, "fuzz.yaml")) {
    const std::string written = format_train_settings(*doc);
    auto back = parse_train_settings_doc(written, "written.yaml");
    if (!back || back->values != doc->values) __builtin_trap();
    ResolveContext ctx;
    ctx.base_dir = "/p";
    ctx.label = "fuzz.yaml";
    ctx.model.family = olis::io::ModelFamily::SDXL;
    ctx.model.resolution_px = 1024;
    if (!resolve_train_settings(*doc, ctx)) __builtin_trap();  // every value was checked while reading
  }

  if (auto project = project_from_yaml(text, "fuzz.yaml")) {
    const std::string written = project_to_yaml(*project);
    auto back = project_from_yaml(written, "written.yaml");
    if (!back || project_to_yaml(*back) != written) __builtin_trap();
    (void)check_project_subject(*project, "fuzz.yaml");
  }
  return 0;
}
