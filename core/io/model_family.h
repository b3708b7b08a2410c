#pragma once
#include <string_view>

namespace olis::io {

enum class ModelFamily { Unknown, SD1, SD2, SDXL };
enum class PredictionType { Epsilon, VPrediction };

inline std::string_view family_name(ModelFamily f) {
  switch (f) {
    case ModelFamily::SD1: return "SD1.x";
    case ModelFamily::SD2: return "SD2.x";
    case ModelFamily::SDXL: return "SDXL";
    case ModelFamily::Unknown: break;
  }
  return "unknown";
}

inline std::string_view prediction_name(PredictionType p) {
  return p == PredictionType::VPrediction ? "v_prediction" : "epsilon";
}

}  // namespace olis::io
