#include "adapters/http/service.hpp"

#include <csignal>
#include <stdexcept>

#include "adapters/http/tls.hpp"
#include "adapters/pipeline/pipeline.hpp"

namespace dxs::http {
namespace {

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

pipeline::Config read_config(const std::optional<std::filesystem::path>& file) {
  std::filesystem::path path = file ? *file : pipeline::default_config_path();
  if (path.empty()) return pipeline::Config{};
  return pipeline::load_config(path);
}

ServiceConfig service_config_of(const pipeline::Config& config) {
  auto parsed = parse_service_config(config);
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return std::move(parsed.value());
}

Server::TlsContext tls_context_of(const ServiceConfig& config) {
  if (!config.tls.enabled) return nullptr;
  return make_server_tls_context(config.tls);
}

}  // namespace

Service::Service(ServiceOptions options)
    : config_file_(std::move(options.config_file)), listen_override_(std::move(options.listen)) {
  pipeline::Config pipeline_config = read_config(config_file_);
  config_ = service_config_of(pipeline_config);
  if (listen_override_) {
    std::string address;
    std::uint16_t port = 0;
    if (!split_listen(*listen_override_, &address, &port)) {
      throw std::runtime_error("--listen: expected ADDR:PORT, got " + *listen_override_);
    }
    config_.http.listen = *listen_override_;
  }
  logger_ = std::make_unique<Logger>(config_.log, std::move(options.log_sink));
  Server::TlsContext tls = tls_context_of(config_);
  engine_ = pipeline::Engine::open(std::move(pipeline_config));
  metrics_.set_build(pipeline::version());
  metrics_.set_rulepack(rulepack_version(), unix_now());
  app_ = std::make_unique<ScreeningApp>(engine_, metrics_, config_.http, [this] { return server_ && server_->draining(); });
  server_ = std::make_unique<Server>(config_, *app_, metrics_, *logger_, std::move(tls),
                                     [this] { return rulepack_version(); });
  worker_ = std::thread([this] { reload_worker(); });
}

Service::~Service() {
  {
    const std::lock_guard lock(worker_mutex_);
    worker_stop_ = true;
  }
  worker_wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  if (server_) server_->stop();
}

std::string Service::rulepack_version() const {
  const auto state = engine_->state();
  return state && state->knowledge ? state->knowledge->version : std::string();
}

void Service::start() {
  server_->start();
  logger_->event(LogLevel::info, "started",
                 {{"listen", config_.http.listen},
                  {"port", std::to_string(server_->port())},
                  {"tls", config_.tls.enabled ? (config_.tls.require_client_cert ? "mutual" : "on") : "off"},
                  {"threads", std::to_string(config_.http.threads)},
                  {"rulepack", rulepack_version()},
                  {"version", pipeline::version()}});
}

std::uint16_t Service::port() const { return server_->port(); }

bool Service::reload() {
  const std::lock_guard lock(reload_mutex_);
  std::optional<pipeline::Config> next;
  std::optional<ServiceConfig> next_service;
  try {
    next = read_config(config_file_);
    next_service = service_config_of(*next);
  } catch (const std::exception& e) {
    metrics_.record_reload("config", false);
    logger_->event(LogLevel::error, "reload_refused", {{"what", "config"}, {"reason", e.what()}});
    return false;
  }
  bool ok = true;
  try {
    engine_->reload(std::move(*next));
    metrics_.record_reload("rulepack", true);
    metrics_.set_rulepack(rulepack_version(), unix_now());
  } catch (const std::exception& e) {
    ok = false;
    metrics_.record_reload("rulepack", false);
    logger_->event(LogLevel::error, "reload_refused",
                   {{"what", "rulepack"}, {"reason", e.what()}, {"kept", rulepack_version()}});
  }
  if (config_.tls.enabled) {
    try {
      server_->set_tls_context(tls_context_of(*next_service));
      metrics_.record_reload("tls", true);
    } catch (const std::exception& e) {
      ok = false;
      metrics_.record_reload("tls", false);
      logger_->event(LogLevel::error, "reload_refused", {{"what", "tls"}, {"reason", e.what()}});
    }
  }
  if (ok) logger_->event(LogLevel::info, "reloaded", {{"rulepack", rulepack_version()}});
  return ok;
}

void Service::reload_worker() {
  std::unique_lock lock(worker_mutex_);
  for (;;) {
    worker_wake_.wait(lock, [this] { return reload_requested_ || worker_stop_; });
    if (worker_stop_) return;
    reload_requested_ = false;
    lock.unlock();
    reload();
    lock.lock();
  }
}

void Service::begin_drain() {
  logger_->event(LogLevel::info, "draining",
                 {{"inflight_requests", std::to_string(metrics_.inflight_requests.load())},
                  {"connections", std::to_string(metrics_.connections.load())}});
  server_->begin_drain();
}

bool Service::wait_drained(std::chrono::milliseconds timeout) { return server_->wait_drained(timeout); }

void Service::stop() { server_->stop(); }

int Service::run_until_signal() {
  std::mutex mutex;
  std::condition_variable done;
  std::optional<int> exit_code;
  std::thread drainer;
  const auto finish = [&](int code) {
    {
      const std::lock_guard lock(mutex);
      if (!exit_code) exit_code = code;
    }
    done.notify_all();
  };
  server_->on_signals([&](int signal) {
    if (signal == SIGHUP) {
      {
        const std::lock_guard lock(worker_mutex_);
        reload_requested_ = true;
      }
      worker_wake_.notify_all();
    } else if (signal == SIGTERM) {
      if (server_->draining()) return;
      begin_drain();
      drainer = std::thread([&] {
        const bool drained = wait_drained(std::chrono::milliseconds(config_.http.shutdown_timeout_ms));
        if (!drained) {
          logger_->event(LogLevel::error, "shutdown_timeout",
                         {{"inflight_requests", std::to_string(metrics_.inflight_requests.load())}});
        }
        finish(drained ? 0 : 1);
      });
    } else if (signal == SIGINT) {
      finish(130);
    }
  });
  int code = 0;
  {
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return exit_code.has_value(); });
    code = *exit_code;
  }
  server_->stop();
  if (drainer.joinable()) drainer.join();
  logger_->event(LogLevel::info, "stopped", {{"exit_code", std::to_string(code)}});
  return code;
}

std::vector<std::string> check_configuration(const std::optional<std::filesystem::path>& config_file) {
  std::vector<std::string> problems;
  pipeline::Config pipeline_config;
  try {
    pipeline_config = read_config(config_file);
  } catch (const std::exception& e) {
    problems.emplace_back(e.what());
    return problems;
  }
  auto parsed = parse_service_config(pipeline_config);
  if (!parsed) {
    problems.push_back(parsed.error().message);
    return problems;
  }
  for (auto& p : check_service_config(*parsed)) problems.push_back(std::move(p));
  if (problems.empty() && parsed->tls.enabled) {
    try {
      (void)make_server_tls_context(parsed->tls);
    } catch (const std::exception& e) {
      problems.emplace_back(e.what());
    }
  }
  try {
    (void)pipeline::Engine::open(std::move(pipeline_config));
  } catch (const std::exception& e) {
    problems.emplace_back(e.what());
  }
  return problems;
}

}  // namespace dxs::http
