# The layers of libimg, bottom up, and the layers each one links (and may include) directly;
# what a layer may see is these, transitively. Read by libimg/CMakeLists.txt (one static
# library per layer) and tests/layers (which checks the rule with the compiler).
#
#   support -> io -> output ----------+
#                 \-> schema -> convert -> model -> memory, views, verify -> rewrite
#                                                   memory -> diff, coredump
#                                                   rewrite -> capture (img-dump)
set(IMG_LAYERS support io output schema convert model memory views verify rewrite diff coredump capture)
set(IMG_DEPS_support "")
set(IMG_DEPS_io support)
set(IMG_DEPS_output io)
set(IMG_DEPS_schema io)
set(IMG_DEPS_convert schema output)
set(IMG_DEPS_model convert)
set(IMG_DEPS_memory model)
set(IMG_DEPS_views model)
set(IMG_DEPS_verify model)
set(IMG_DEPS_rewrite verify)
set(IMG_DEPS_diff memory)
set(IMG_DEPS_capture rewrite)
set(IMG_DEPS_coredump memory)

# img_visible_layers(L OUT): L and every layer below it.
function(img_visible_layers layer out)
  set(seen ${layer})
  foreach(dep ${IMG_DEPS_${layer}})
    img_visible_layers(${dep} below)
    list(APPEND seen ${below})
  endforeach()
  list(REMOVE_DUPLICATES seen)
  set(${out} ${seen} PARENT_SCOPE)
endfunction()
