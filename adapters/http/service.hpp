#pragma once
// The running service: configuration, Engine, TLS context, server, reload and shutdown.
// serve_main drives it from the command line; tests drive it in-process.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "adapters/http/app.hpp"
#include "adapters/http/metrics.hpp"
#include "adapters/http/request_log.hpp"
#include "adapters/http/server.hpp"
#include "adapters/http/service_config.hpp"

namespace dxs::pipeline {
struct Config;
class Engine;
}  // namespace dxs::pipeline

namespace dxs::http {

struct ServiceOptions {
  std::optional<std::filesystem::path> config_file;  // nullopt: pipeline::default_config_path()
  std::optional<std::string> listen;                 // overrides http.listen
  Logger::Sink log_sink;                             // empty: stderr
};

class Service {
 public:
  // Reads the configuration, loads the rule data and the TLS material. Throws std::runtime_error
  // with "file:line: problem" messages (start-up only).
  explicit Service(ServiceOptions options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  void start();  // binds and serves; throws when it cannot listen
  [[nodiscard]] std::uint16_t port() const;

  // Re-reads the configuration file, rule data and certificates off the event loop. Whatever
  // fails to load is refused (one log line) and the running one kept. False when anything failed.
  bool reload();

  void begin_drain();
  bool wait_drained(std::chrono::milliseconds timeout);
  void stop();

  // Serves until a signal: SIGHUP reloads, SIGTERM drains and returns 0 (1 when the shutdown
  // timeout cut requests off), SIGINT returns 130 at once.
  int run_until_signal();

  [[nodiscard]] Metrics& metrics() noexcept { return metrics_; }
  [[nodiscard]] Logger& logger() noexcept { return *logger_; }
  [[nodiscard]] const ServiceConfig& config() const noexcept { return config_; }
  [[nodiscard]] std::shared_ptr<pipeline::Engine> engine() const { return engine_; }
  [[nodiscard]] std::string rulepack_version() const;

 private:
  void reload_worker();

  std::optional<std::filesystem::path> config_file_;
  std::optional<std::string> listen_override_;
  ServiceConfig config_;
  Metrics metrics_;
  std::unique_ptr<Logger> logger_;
  std::shared_ptr<pipeline::Engine> engine_;
  std::unique_ptr<ScreeningApp> app_;
  std::unique_ptr<Server> server_;

  std::mutex reload_mutex_;  // one reload at a time
  std::mutex worker_mutex_;
  std::condition_variable worker_wake_;
  bool reload_requested_ = false;
  bool worker_stop_ = false;
  std::thread worker_;
};

// Validates a configuration file for --check-config: sections, TLS material, rule data.
// Returns the problems (empty when fine).
std::vector<std::string> check_configuration(const std::optional<std::filesystem::path>& config_file);

}  // namespace dxs::http
