# One INTERFACE target carries the language standard, warnings and hardening for every drydock target.
add_library(drydock_flags INTERFACE)
target_compile_features(drydock_flags INTERFACE cxx_std_23)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(drydock_flags INTERFACE
  -Wall -Wextra -Wpedantic -Werror=format-security -Wno-missing-field-initializers
  -fstack-protector-strong
  $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>
  $<$<CONFIG:Debug>:-D_GLIBCXX_ASSERTIONS>)
target_link_options(drydock_flags INTERFACE -Wl,-z,relro,-z,now)
target_include_directories(drydock_flags INTERFACE ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/src)

set(DRYDOCK_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
if(DRYDOCK_SANITIZE)
  target_compile_options(drydock_flags INTERFACE -fsanitize=${DRYDOCK_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(drydock_flags INTERFACE -fsanitize=${DRYDOCK_SANITIZE})
endif()
# UBSan findings abort (so a fuzzer or a test sees them) instead of printing and going on.
if(DRYDOCK_SANITIZE MATCHES "undefined")
  target_compile_options(drydock_flags INTERFACE -fno-sanitize-recover=undefined)
endif()
# The `werror` preset (CI): every warning is an error.
option(DRYDOCK_WERROR "Treat warnings as errors" OFF)
if(DRYDOCK_WERROR)
  # GCC 12 reports -Wrestrict on std::string assignments inlined at -O2 that cannot overlap (GCC bug 105329;
  # server/version_range.cc trips it): still printed, not fatal.
  target_compile_options(drydock_flags INTERFACE -Werror $<$<CXX_COMPILER_ID:GNU>:-Wno-error=restrict>)
endif()
# libFuzzer builds (the `fuzz` preset, clang): every library carries coverage instrumentation; fuzz/ links the
# fuzzer's main into each harness.
if(DRYDOCK_LIBFUZZER)
  target_compile_options(drydock_flags INTERFACE -fsanitize=fuzzer-no-link)
endif()

# drydock_add_tests(NAME SOURCES src1.cc ... LIBS lib... ONE_PROCESS filter...) : one GoogleTest binary per
# pipeline folder. Every test is its own ctest test (its own process), except those matching a ONE_PROCESS gtest
# filter ("Suite.*", "Engines/*/postgres"): each such filter is one ctest test named after it, so a suite whose
# SetUpTestSuite is dear (a registry with signed images, a PostgreSQL cluster) sets up once, not once per test.
# Those run first (COST): they are the longest.
function(drydock_add_tests name)
  if(NOT DRYDOCK_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;ONE_PROCESS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE drydock_flags ${T_LIBS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    DRYDOCK_TESTDATA="${DRYDOCK_TESTDATA}" DRYDOCK_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    DRYDOCK_BINARY_DIR="${CMAKE_BINARY_DIR}")
  set(discovered "")
  if(T_ONE_PROCESS)
    list(JOIN T_ONE_PROCESS ":" grouped)
    set(discovered TEST_FILTER "-${grouped}")
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST ${discovered} PROPERTIES TIMEOUT 600)
  foreach(filter IN LISTS T_ONE_PROCESS)
    add_test(NAME ${filter} COMMAND ${name} --gtest_filter=${filter})
    # A filter that matches no test (a renamed suite) must not pass as an empty run.
    set_tests_properties(${filter} PROPERTIES TIMEOUT 600 COST 1000 FAIL_REGULAR_EXPRESSION "Running 0 tests from")
  endforeach()
endfunction()
