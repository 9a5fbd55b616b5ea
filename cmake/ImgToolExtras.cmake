# img_tool_extras(TOOL): what is installed beside a tool besides the binary: its man page
# (man/TOOL.1, gzipped as Debian ships them) and its bash, zsh and fish completions, which the
# tool writes itself at build time from its own option table (`TOOL --completion SHELL`), so
# they cannot drift from --help. They land in the build tree as they will be installed
# (share/man/man1, share/bash-completion/completions, share/zsh/vendor-completions,
# share/fish/vendor_completions.d); the target TOOL-extras (in `all`) makes them.
set(IMG_EXTRAS_DIR ${PROJECT_BINARY_DIR}/share)
set(IMG_BASH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
set(IMG_ZSH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
set(IMG_FISH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

function(img_tool_extras tool)
  set(out ${IMG_EXTRAS_DIR})
  set(bash ${out}/bash-completion/completions/${tool})
  set(zsh ${out}/zsh/vendor-completions/_${tool})
  set(fish ${out}/fish/vendor_completions.d/${tool}.fish)
  set(page ${PROJECT_SOURCE_DIR}/man/${tool}.1)
  set(man ${out}/man/man1/${tool}.1.gz)
  if(NOT EXISTS ${page})
    message(FATAL_ERROR "${tool} has no man page: ${page}")
  endif()
  add_custom_command(OUTPUT ${bash} ${zsh} ${fish} ${man}
    COMMAND ${CMAKE_COMMAND} -DTOOL=$<TARGET_FILE:${tool}> -DNAME=${tool} -DOUT=${out} -DPAGE=${page}
            -P ${PROJECT_SOURCE_DIR}/cmake/write_tool_extras.cmake
    DEPENDS ${tool} ${page} ${PROJECT_SOURCE_DIR}/cmake/write_tool_extras.cmake
    COMMENT "man page and shell completions of ${tool}" VERBATIM)
  add_custom_target(${tool}-extras ALL DEPENDS ${bash} ${zsh} ${fish} ${man})
  install(FILES ${man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${bash} DESTINATION ${IMG_BASH_COMPLETION_DIR})
  install(FILES ${zsh} DESTINATION ${IMG_ZSH_COMPLETION_DIR})
  install(FILES ${fish} DESTINATION ${IMG_FISH_COMPLETION_DIR})
endfunction()
