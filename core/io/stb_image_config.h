#pragma once
// stb_image as Olis builds it (core/io/stb_image.cpp holds the implementation): the three formats Olis
// reads, from memory only. Fewer decoders means less to fuzz, and no format is guessed from arbitrary
// bytes (stb's TGA reader has no signature).
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNG
#define STBI_ONLY_BMP
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_FAILURE_USERMSG
#include <stb_image.h>  // a system include: its own warnings stay quiet
