#pragma once
// Runs the real `dxscreen` binary (DXS_BINARY_DIR/dxscreen) through the shell and captures its
// stdout, stderr and exit code. Used by the CLI tests and the golden tests.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace dxs::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_all(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

inline std::string dxscreen_binary() { return std::string(DXS_BINARY_DIR) + "/dxscreen"; }

// A fresh scratch directory per call site (removed by the caller when it likes).
inline std::filesystem::path scratch_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("dxscreen-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs `dxscreen <args>` in `cwd` (args already shell-quoted as needed), stdin from `stdin_file`
// (or /dev/null).
inline CommandResult run_dxscreen(const std::string& args, const std::filesystem::path& cwd,
                                  const std::string& stdin_file = "/dev/null") {
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path() /
                    ("dxscreen-run-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  const std::string out = base.string() + ".out", err = base.string() + ".err";
  const std::string cmd = "cd " + shell_quote(cwd.string()) + " && " + shell_quote(dxscreen_binary()) + " " + args +
                          " < " + shell_quote(stdin_file) + " > " + shell_quote(out) + " 2> " + shell_quote(err);
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_all(out);
  r.err = read_all(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

}  // namespace dxs::testing
