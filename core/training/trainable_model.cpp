#include "core/training/trainable_model.h"
