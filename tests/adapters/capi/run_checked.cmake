# cmake -P run_checked.cmake -DMAPPINGS=dir -DCOMMAND="prog|arg|..." -DEXPECT_EXIT=n -DEXPECT_REGEX=re
# Runs COMMAND once the rule data is there (else prints SKIPPED) and checks its exit code and
# its standard output.
string(REPLACE "|" ";" command "${COMMAND}")
file(GLOB code_sets "${MAPPINGS}/icd10cm/icd10cm-*.tsv")
if(NOT code_sets)
  message("SKIPPED: no code sets in ${MAPPINGS}/icd10cm yet")
  return()
endif()
execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(SUBSTRING "${out}" 0 2000 shown)
if(NOT "${rc}" STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "exit ${rc}, expected ${EXPECT_EXIT}\nstdout:\n${shown}\nstderr:\n${err}")
endif()
if(NOT out MATCHES "${EXPECT_REGEX}")
  message(FATAL_ERROR "output does not match \"${EXPECT_REGEX}\"\nstdout:\n${shown}\nstderr:\n${err}")
endif()
message("${shown}")
