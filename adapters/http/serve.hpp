#pragma once
// `dxscreen serve [--config FILE] [--check-config] [--listen ADDR:PORT] [--port-file FILE]`
#include <string>
#include <vector>

namespace dxs::http {

// args: the arguments after "serve". Returns the process exit code: 0 after a SIGTERM drain or a
// valid --check-config, 2 for usage or configuration errors, 130 after SIGINT.
int serve_main(const std::vector<std::string>& args);

}  // namespace dxs::http
