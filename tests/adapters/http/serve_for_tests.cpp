// `dxscreen serve` without the rest of the CLI, for the child-process tests of serve_main.
#include <string>
#include <vector>

#include "adapters/http/serve.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return dxs::http::serve_main(args);
}
