// `dxscreen serve` as a child process: --check-config, --port-file, SIGHUP, SIGTERM, SIGINT.
#include "adapters/http/serve.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "test_support.hpp"

extern char** environ;

namespace dxs::http::test {
namespace {

using Clock = std::chrono::steady_clock;

class Child {
 public:
  Child(const std::vector<std::string>& args, const std::filesystem::path& dir)
      : out_(dir / "stdout.txt"), err_(dir / "stderr.txt") {
    std::vector<std::string> argv_text = {DXS_HTTP_SERVE_BIN};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Child() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  [[nodiscard]] bool started() const { return pid_ > 0; }
  void signal(int sig) const { ::kill(pid_, sig); }
  // Exit code, or -1 when it did not exit in time (then it is killed).
  int wait(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
  [[nodiscard]] std::string out() const { return read_file(out_); }
  [[nodiscard]] std::string err() const { return read_file(err_); }
  bool wait_for_stderr(std::string_view needle, std::chrono::milliseconds timeout) const {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (err().find(needle) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  std::filesystem::path out_, err_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

std::uint16_t wait_for_port(const std::filesystem::path& file, Child& child) {
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline) {
    const std::string text = read_file(file);
    if (!text.empty() && text.back() == '\n') return static_cast<std::uint16_t>(std::stoi(text));
    if (child.wait(std::chrono::milliseconds(20)) != -1) return 0;  // it exited instead
  }
  return 0;
}

TEST(Serve, CheckConfigAcceptsAGoodConfiguration) {
  TempDir dir;
  const auto config = write_config(dir.path, {});
  Child child({"--check-config", "--config", config.string()}, dir.path);
  ASSERT_TRUE(child.started());
  EXPECT_EQ(child.wait(std::chrono::seconds(60)), 0) << child.err();
  EXPECT_NE(child.out().find("configuration OK"), std::string::npos);
}

TEST(Serve, CheckConfigNamesFileAndLineOfAnUnknownKey) {
  TempDir dir;
  ConfigText text;
  text.http = "\"max_conections\": 3";
  const auto config = write_config(dir.path, text);
  Child child({"--check-config", "--config", config.string()}, dir.path);
  EXPECT_EQ(child.wait(std::chrono::seconds(60)), 2);
  EXPECT_NE(child.err().find(config.string() + ":7: unknown key \"http.max_conections\""), std::string::npos)
      << child.err();
}

TEST(Serve, CheckConfigRefusesMissingTlsMaterial) {
  TempDir dir;
  ConfigText text;
  text.tls = "\"cert_file\": \"" + (dir.path / "absent.crt").string() + "\"";
  const auto config = write_config(dir.path, text);
  Child child({"--check-config", "--config", config.string()}, dir.path);
  EXPECT_EQ(child.wait(std::chrono::seconds(60)), 2);
  EXPECT_NE(child.err().find("absent.crt"), std::string::npos) << child.err();
}

TEST(Serve, UsageErrorsExit2) {
  TempDir dir;
  Child child({"--listen"}, dir.path);
  EXPECT_EQ(child.wait(std::chrono::seconds(10)), 2);
  EXPECT_NE(child.err().find("usage"), std::string::npos);
  Child bad_listen({"--listen", "localhost", "--config", write_config(dir.path, {}).string()}, dir.path);
  EXPECT_EQ(bad_listen.wait(std::chrono::seconds(60)), 2);
}

TEST(Serve, ReloadsOnSighupAndDrainsOnSigterm) {
  TempDir dir;
  const auto config = write_config(dir.path, {});
  const auto port_file = dir.path / "port";
  Child child({"--config", config.string(), "--listen", "127.0.0.1:0", "--port-file", port_file.string()}, dir.path);
  ASSERT_TRUE(child.started());
  const std::uint16_t port = wait_for_port(port_file, child);
  ASSERT_NE(port, 0) << child.err();
  EXPECT_EQ(fetch(port, trusted_client(), "GET", "/livez").status, 200);

  child.signal(SIGHUP);
  EXPECT_TRUE(child.wait_for_stderr("\"event\":\"reloaded\"", std::chrono::seconds(60))) << child.err();

  const std::string body = fhir_claim_json("M62.451,M24.561");
  Connection in_flight(port, trusted_client());
  ASSERT_TRUE(in_flight.connect()) << in_flight.error();
  ASSERT_TRUE(in_flight.send_raw("POST /fhir/Claim/$validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
                                 "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 50)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  child.signal(SIGTERM);
  EXPECT_TRUE(child.wait_for_stderr("\"event\":\"draining\"", std::chrono::seconds(10))) << child.err();
  EXPECT_EQ(child.wait(std::chrono::milliseconds(300)), -1) << "exited with a request in flight";
  ASSERT_TRUE(in_flight.send_raw(body.substr(50)));
  const HttpResult r = in_flight.read_response();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("x-screening-disposition"), "rejected");
  EXPECT_EQ(child.wait(std::chrono::seconds(10)), 0) << child.err();
  EXPECT_NE(child.err().find("\"event\":\"stopped\""), std::string::npos);
}

TEST(Serve, SigintExitsAtOnce) {
  TempDir dir;
  const auto port_file = dir.path / "port";
  Child child({"--config", write_config(dir.path, {}).string(), "--port-file", port_file.string()}, dir.path);
  const std::uint16_t port = wait_for_port(port_file, child);
  ASSERT_NE(port, 0) << child.err();
  Connection open(port, trusted_client());
  ASSERT_TRUE(open.connect()) << open.error();
  ASSERT_TRUE(open.send_raw("POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"));
  const auto start = Clock::now();
  child.signal(SIGINT);
  EXPECT_EQ(child.wait(std::chrono::seconds(5)), 130);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 3.0);
}

}  // namespace
}  // namespace dxs::http::test
