# libtorch: find it, pick the C++ standard it needs, and check that its C++ ABI matches the rest.
#
# Where from: Debian's libtorch-dev (found in /usr), the libtorch inside a PyTorch installation
# (CMAKE_PREFIX_PATH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')), or a libtorch
# download (CMAKE_PREFIX_PATH=/path/to/libtorch). See the README, "Building against another libtorch".
find_package(Torch QUIET)
if(NOT Torch_FOUND)
  message(FATAL_ERROR
    "libtorch was not found (no TorchConfig.cmake). On Debian: apt install libtorch-dev "
    "(scripts/install-deps.sh). With PyTorch installed: "
    "-DCMAKE_PREFIX_PATH=\"$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')\". "
    "With a libtorch download (cxx11 ABI): -DCMAKE_PREFIX_PATH=/path/to/libtorch.")
endif()

# C++17 by default; a -DCMAKE_CXX_STANDARD=20 given by the user is kept. PyTorch 2.14 requires C++20.
if(NOT DEFINED CMAKE_CXX_STANDARD)
  if(DEFINED Torch_VERSION AND Torch_VERSION VERSION_GREATER_EQUAL 2.14)
    set(CMAKE_CXX_STANDARD 20)
  else()
    set(CMAKE_CXX_STANDARD 17)
  endif()
endif()
if(CMAKE_CXX_STANDARD LESS 17)
  message(FATAL_ERROR "Olis needs C++17 or later (CMAKE_CXX_STANDARD=${CMAKE_CXX_STANDARD})")
endif()
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)

# TORCH_CXX_FLAGS carries the libstdc++ ABI libtorch was built with (-D_GLIBCXX_USE_CXX11_ABI=0 or 1), and
# the imported `torch` target already passes it on (INTERFACE_COMPILE_OPTIONS) to what links libtorch. Olis
# links Debian's yaml-cpp, OpenCV, spdlog, fmt, ICU and Qt too, all built with the C++11 ABI: std::string
# crosses every one of those interfaces, so a pre-C++11-ABI libtorch cannot be linked with them at all.
set(OLIS_TORCH_CXX11_ABI "")
if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=([01])")
  set(OLIS_TORCH_CXX11_ABI ${CMAKE_MATCH_1})
endif()
if(OLIS_TORCH_CXX11_ABI STREQUAL "0")
  message(FATAL_ERROR
    "The libtorch found at ${Torch_DIR} was built with the pre-C++11 libstdc++ ABI "
    "(TORCH_CXX_FLAGS: ${TORCH_CXX_FLAGS}). Olis also links Qt, yaml-cpp, OpenCV, spdlog and fmt from Debian, "
    "which use the C++11 ABI, and the two cannot be mixed in one program. Use a libtorch built with the "
    "C++11 ABI: a PyTorch 2.7 or later wheel (python3 -c 'import torch; print(torch.compiled_with_cxx11_abi())' "
    "prints True), the 'cxx11 ABI' libtorch download of pytorch.org, or Debian's libtorch-dev.")
endif()
message(STATUS "Olis: libtorch ${Torch_VERSION} from ${Torch_DIR}, C++${CMAKE_CXX_STANDARD}, "
               "C++11 ABI ${OLIS_TORCH_CXX11_ABI}")
