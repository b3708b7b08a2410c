# Warnings for Olis' own targets (not for third-party headers, which come in as SYSTEM).
function(olis_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare)
  if(OLIS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
