# tawasul_embed(NAME NAMESPACE FUNCTION FILES...)
# Generates ${NAME}_SOURCE, a C++ file defining
#   std::optional<std::string_view> NAMESPACE::FUNCTION(std::string_view name);
# that returns the bytes of each file by its base name, so the binary carries its templates,
# migrations and reference data and runs from any directory. Regenerated when a file changes.
function(tawasul_embed NAME NAMESPACE FUNCTION)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${NAME}.cpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${NAMESPACE} -DFUNCTION=${FUNCTION}
            "-DFILES=${ARGN}" -P "${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake"
    DEPENDS ${ARGN} "${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake"
    COMMENT "Embedding ${NAME}"
    VERBATIM)
  set(${NAME}_SOURCE "${out}" PARENT_SCOPE)
endfunction()
