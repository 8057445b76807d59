# Fails the build when a source file includes a header of a layer above its own
# (docs/architecture.md "Layers"). Run by the tawasul_layers target on every build:
#   cmake -DSOURCE_DIR=<repo> -DSTAMP=<file> -P cmake/check_layers.cmake
# Each layer may include itself and the layers listed for it; anything else under src/ is an
# include that runs back up (or sideways, between the two adapters api and web).
cmake_minimum_required(VERSION 3.25)

set(allowed_domain domain)
set(allowed_http http)
set(allowed_store store domain)
set(allowed_service service store domain http)
set(allowed_notify notify domain)
set(allowed_jobs jobs notify service store domain)
set(allowed_api api service store domain http)
set(allowed_web web service store domain http)
set(allowed_app app api web jobs notify service store domain http)
set(layers domain http store service notify jobs api web app)

set(violations "")
foreach(layer IN LISTS layers)
  file(GLOB_RECURSE files "${SOURCE_DIR}/src/${layer}/*.h" "${SOURCE_DIR}/src/${layer}/*.cpp")
  foreach(f IN LISTS files)
    file(STRINGS "${f}" includes REGEX "^#include \"[a-z_]+/")
    foreach(line IN LISTS includes)
      string(REGEX MATCH "^#include \"([a-z_]+)/" _ "${line}")
      set(target_layer "${CMAKE_MATCH_1}")
      if(NOT target_layer IN_LIST layers)
        continue()
      endif()
      if(NOT target_layer IN_LIST allowed_${layer})
        file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
        string(APPEND violations "\n  ${rel}: ${line} (${layer} may include: ${allowed_${layer}})")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR "An include runs against the layers (docs/architecture.md):${violations}")
endif()
if(STAMP)
  file(TOUCH "${STAMP}")
endif()
