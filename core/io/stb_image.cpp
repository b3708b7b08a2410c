// The one copy of stb_image's implementation (configured in stb_image_config.h). A file of its own so that
// the decode fuzzer can build it with the sanitizer checks that fit third-party code (tests/fuzz).
#define STB_IMAGE_IMPLEMENTATION
#include "core/io/stb_image_config.h"
