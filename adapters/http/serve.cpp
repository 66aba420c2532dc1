#include "adapters/http/serve.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "adapters/http/service.hpp"

namespace dxs::http {
namespace {

constexpr const char* kUsage =
    "usage: dxscreen serve [--config FILE] [--check-config] [--listen ADDR:PORT] [--port-file FILE]\n"
    "  --config FILE       configuration (default: $DXSCREEN_CONFIG, then the installed conf/dxscreen.json)\n"
    "  --check-config      validate the configuration, TLS material and rule data, then exit (0 ok, 2 not)\n"
    "  --listen ADDR:PORT  overrides http.listen (port 0 picks a free port)\n"
    "  --port-file FILE    write the bound port to FILE once listening\n"
    "signals: SIGHUP reloads rule data and certificates, SIGTERM drains and exits 0, SIGINT exits at once\n";

bool write_port_file(const std::filesystem::path& file, std::uint16_t port) {
  const std::filesystem::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out) return false;
    out << port << "\n";
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(temporary, file, ec);
  return !ec;
}

}  // namespace

int serve_main(const std::vector<std::string>& args) {
  ServiceOptions options;
  std::optional<std::filesystem::path> port_file;
  bool check_only = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    std::string text;
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--check-config") {
      check_only = true;
    } else if (arg == "--config" && value(&text)) {
      options.config_file = text;
    } else if (arg == "--listen" && value(&text)) {
      options.listen = text;
    } else if (arg == "--port-file" && value(&text)) {
      port_file = text;
    } else {
      std::cerr << "dxscreen serve: unknown or incomplete argument: " << arg << "\n" << kUsage;
      return 2;
    }
  }

  if (check_only) {
    const auto problems = check_configuration(options.config_file);
    for (const auto& problem : problems) std::cerr << problem << "\n";
    if (!problems.empty()) return 2;
    std::cout << "configuration OK\n";
    return 0;
  }

  try {
    Service service(std::move(options));
    service.start();
    if (port_file && !write_port_file(*port_file, service.port())) {
      std::cerr << "dxscreen serve: cannot write " << port_file->string() << "\n";
      return 2;
    }
    return service.run_until_signal();
  } catch (const std::exception& e) {
    std::cerr << "dxscreen serve: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace dxs::http
