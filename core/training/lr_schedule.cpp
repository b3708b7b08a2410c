#include "core/training/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace olis::training {

const char* to_string(LrScheduleKind kind) { return kind == LrScheduleKind::Cosine ? "cosine" : "constant"; }

std::optional<LrScheduleKind> parse_lr_schedule(const std::string& text) {
  if (text == "constant") return LrScheduleKind::Constant;
  if (text == "cosine") return LrScheduleKind::Cosine;
  return std::nullopt;
}

double LrSchedule::lr_at(int64_t step) const {
  if (step < warmup_steps) return base_lr * static_cast<double>(step) / static_cast<double>(std::max<int64_t>(1, warmup_steps));
  if (kind == LrScheduleKind::Constant) return base_lr;
  const double progress = static_cast<double>(step - warmup_steps) /
                          static_cast<double>(std::max<int64_t>(1, total_steps - warmup_steps));
  constexpr double kPi = 3.14159265358979323846;
  return base_lr * std::max(0.0, 0.5 * (1.0 + std::cos(kPi * progress)));
}

}  // namespace olis::training
