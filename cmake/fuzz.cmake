# Fuzzing (issues 6 and 21): the libFuzzer harnesses in tests/fuzz, built with clang as a separate
# project (the main build is g++), and a short run of each as the ctest test fuzz_<harness>
# (label fuzz; docs/design.md §7 lists them). TAWASUL_FUZZ_SECONDS per harness: with eleven
# harnesses, the default 10 s adds about two minutes to `make test` run serially (less with
# ctest -j). Only when a clang with libFuzzer is installed (scripts/install-deps installs clang-14
# and libclang-rt-14-dev), and only in builds without TAWASUL_SANITIZE: the harnesses carry
# AddressSanitizer and UBSan themselves, so `make test-asan` would only run them again.
option(TAWASUL_FUZZ "Build the libFuzzer harnesses with clang and run them briefly in ctest" ON)
set(TAWASUL_FUZZ_SECONDS 10 CACHE STRING "Seconds each harness runs in ctest")
set(TAWASUL_FUZZ_HARNESSES
    analyzer
    query
    multipart
    json
    urlencoded
    cookie
    reference
    ical
    calendar_csv
    jsonl
    forwarded)

if(NOT TAWASUL_FUZZ)
  return()
endif()
if(TAWASUL_SANITIZE)
  message(STATUS "fuzz: skipped in the sanitizer build (the fuzz tests of the plain build run under ASan+UBSan)")
  return()
endif()
find_program(TAWASUL_FUZZ_CXX NAMES clang++-14 clang++)
if(NOT TAWASUL_FUZZ_CXX)
  message(STATUS "fuzz: no clang++, fuzz tests skipped (scripts/install-deps installs clang-14)")
  return()
endif()
set(_probe_dir ${CMAKE_BINARY_DIR}/fuzz-probe)
file(MAKE_DIRECTORY ${_probe_dir})
file(WRITE ${_probe_dir}/probe.cpp
     "extern \"C\" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n")
execute_process(
  COMMAND ${TAWASUL_FUZZ_CXX} -fsanitize=fuzzer,address,undefined probe.cpp -o probe
  WORKING_DIRECTORY ${_probe_dir} RESULT_VARIABLE _probe_result OUTPUT_QUIET ERROR_QUIET)
if(NOT _probe_result EQUAL 0)
  message(STATUS "fuzz: ${TAWASUL_FUZZ_CXX} cannot link libFuzzer (libclang-rt-14-dev), fuzz tests skipped")
  return()
endif()

include(ExternalProject)
set(_fuzz_byproducts "")
foreach(_harness ${TAWASUL_FUZZ_HARNESSES})
  list(APPEND _fuzz_byproducts ${CMAKE_BINARY_DIR}/fuzz/${_harness}_fuzz)
endforeach()
set(_fuzz_bin ${CMAKE_BINARY_DIR}/fuzz)
set(_fuzz_launcher "")
if(CCACHE_PROGRAM)
  set(_fuzz_launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${CCACHE_PROGRAM})
endif()
ExternalProject_Add(tawasul_fuzzers
  SOURCE_DIR ${PROJECT_SOURCE_DIR}/tests/fuzz
  BINARY_DIR ${_fuzz_bin}
  CMAKE_ARGS -DCMAKE_CXX_COMPILER=${TAWASUL_FUZZ_CXX} -DCMAKE_BUILD_TYPE=RelWithDebInfo
             ${_fuzz_launcher}
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON
  BUILD_BYPRODUCTS ${_fuzz_byproducts})

foreach(_harness ${TAWASUL_FUZZ_HARNESSES})
  add_test(NAME fuzz_${_harness}
           COMMAND ${PROJECT_SOURCE_DIR}/tests/fuzz/run ${_fuzz_bin}/${_harness}_fuzz
                   ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${_harness}
                   ${_fuzz_bin}/work-${_harness} ${TAWASUL_FUZZ_SECONDS})
  math(EXPR _timeout "${TAWASUL_FUZZ_SECONDS} + 120")
  set_tests_properties(fuzz_${_harness} PROPERTIES LABELS fuzz TIMEOUT ${_timeout})
endforeach()
