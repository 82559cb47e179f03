# Helpers every module's CMakeLists.txt uses to declare its tests and fuzzers.

# pl_add_unit_test(<name> SOURCES <files...> [LIBS <libs...>])
# Builds tests/unit/<name> and registers it with ctest as unit/<name>.
function(pl_add_unit_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(test_${name} ${T_SOURCES})
  target_include_directories(test_${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/unit ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(test_${name} PRIVATE ${T_LIBS})
  add_test(NAME unit/${name} COMMAND test_${name})
  set_tests_properties(unit/${name} PROPERTIES ENVIRONMENT "PARLEY_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endfunction()

# pl_add_fuzzer(<name> SOURCE <harness.c> [LIBS <libs...>])
# The harness defines LLVMFuzzerTestOneInput. Its corpus is tests/fuzz/corpus/<name>/.
#  - In every build the harness is linked with a standalone driver and replays
#    the committed corpus as the test fuzz-replay/<name> (under the sanitizers
#    when PARLEY_SANITIZE is on).
#  - With PARLEY_FUZZ it is linked with libFuzzer as fuzz_<name>, and the test
#    fuzz-smoke/<name> fuzzes for PARLEY_FUZZ_SMOKE_SECONDS from that corpus.
function(pl_add_fuzzer name)
  cmake_parse_arguments(F "" "SOURCE" "LIBS" ${ARGN})
  set(corpus ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name})
  set(dict ${CMAKE_SOURCE_DIR}/tests/fuzz/${name}.dict)
  if(PARLEY_FUZZ)
    add_executable(fuzz_${name} ${F_SOURCE})
    target_link_libraries(fuzz_${name} PRIVATE ${F_LIBS})
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    set(args -max_total_time=${PARLEY_FUZZ_SMOKE_SECONDS} -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
    if(EXISTS ${dict})
      list(APPEND args -dict=${dict})
    endif()
    # Fuzz into a scratch copy so the committed corpus only grows on purpose.
    set(work ${CMAKE_BINARY_DIR}/fuzz-work/${name})
    list(JOIN args " " args_str)
    add_test(NAME fuzz-smoke/${name}
      COMMAND sh -c "rm -rf '${work}' && mkdir -p '${work}' && cp -r '${corpus}/.' '${work}/' && exec '$<TARGET_FILE:fuzz_${name}>' ${args_str} '${work}'")
  else()
    add_executable(replay_${name} ${F_SOURCE} ${CMAKE_SOURCE_DIR}/tests/fuzz/replay_main.c)
    target_link_libraries(replay_${name} PRIVATE ${F_LIBS})
    add_test(NAME fuzz-replay/${name} COMMAND replay_${name} ${corpus})
  endif()
endfunction()
