/* Built against an installed dxscreen (find_package or pkg-config). Prints the version; given a
 * file, screens it with the installed rule data (mappings_dir NULL) and prints the verdict. */
#include <stdio.h>
#include <stdlib.h>

#include <dxscreen.h>

int main(int argc, char** argv) {
  static char buffer[1 << 20];
  dxscreen_engine* engine = NULL;
  dxscreen_result* result = NULL;
  char* message = NULL;
  dxscreen_status status;
  size_t len;
  FILE* f;
  printf("dxscreen %s abi %d header abi %d\n", dxscreen_version(), dxscreen_abi_version(), DXSCREEN_ABI_VERSION);
  if (dxscreen_abi_version() != DXSCREEN_ABI_VERSION) return 1;
  if (argc < 2) return 0;
  f = fopen(argv[1], "rb");
  if (!f) return 1;
  len = fread(buffer, 1, sizeof buffer, f);
  fclose(f);
  status = dxscreen_engine_open(NULL, NULL, &engine, &message);
  if (status != DXSCREEN_OK) {
    printf("open: %s: %s\n", dxscreen_status_string(status), message ? message : "");
    dxscreen_string_free(message);
    return 1;
  }
  status = dxscreen_screen(engine, buffer, len, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_X12_ACKS, NULL, &result,
                           &message);
  if (status != DXSCREEN_OK) {
    printf("screen: %s: %s\n", dxscreen_status_string(status), message ? message : "");
    dxscreen_string_free(message);
    dxscreen_engine_close(engine);
    return 1;
  }
  printf("verdict %d claims %zu rejected %zu media %s\n", (int)dxscreen_result_verdict(result),
         dxscreen_result_claims(result), dxscreen_result_rejected(result), dxscreen_result_media_type(result));
  dxscreen_result_free(result);
  return dxscreen_engine_close(engine) == DXSCREEN_OK ? 0 : 1;
}
