#pragma once
// Learning-rate schedules as diffusers' get_scheduler() defines them (optimization.py):
//   constant:  lr * min(1, step / warmup)
//   cosine:    warmup as above, then lr * 0.5 * (1 + cos(pi * progress)), progress = (step - warmup) / (total - warmup)
// `step` counts optimizer steps already taken (0 for the first update), as LambdaLR does.
#include <cstdint>
#include <optional>
#include <string>

namespace olis::training {

enum class LrScheduleKind { Constant, Cosine };
const char* to_string(LrScheduleKind kind);  // "constant", "cosine"
std::optional<LrScheduleKind> parse_lr_schedule(const std::string& text);

struct LrSchedule {
  LrScheduleKind kind = LrScheduleKind::Constant;
  double base_lr = 1e-4;
  int64_t warmup_steps = 0;
  int64_t total_steps = 1;  // used by cosine

  double lr_at(int64_t step) const;
};

}  // namespace olis::training
