# rb_tests(DIR LIBS lib... TIMEOUT s NAMES name...): one CTest test per file DIR/<name>.c.
# Exit 77 means skipped. Adding a test: write the file, add its name to the list.
function(rb_tests)
  cmake_parse_arguments(T "" "TIMEOUT;PREFIX" "LIBS;NAMES;LABELS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  foreach(name IN LISTS T_NAMES)
    set(target ${T_PREFIX}${name})
    add_executable(${target} ${CMAKE_CURRENT_SOURCE_DIR}/tests/${name}.c)
    target_link_libraries(${target} PRIVATE ${T_LIBS} rb_harness)
    add_test(NAME ${target} COMMAND ${target})
    set_tests_properties(${target} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT ${T_TIMEOUT}
      LABELS "${T_LABELS}")
  endforeach()
endfunction()
