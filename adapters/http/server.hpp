#pragma once
// The asynchronous HTTP/1.1 server (Boost.Beast), plain or TLS: listener, connection limits,
// per-phase timeouts, body limits per route kind, overload and drain answers, request log and
// metrics. The Application behind it decides what each route does.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "adapters/http/application.hpp"
#include "adapters/http/metrics.hpp"
#include "adapters/http/request_log.hpp"
#include "adapters/http/service_config.hpp"

namespace boost::asio::ssl {
class context;
}

namespace dxs::http {

class Server {
 public:
  using TlsContext = std::shared_ptr<boost::asio::ssl::context>;
  // tls: the context for new connections; nullptr = plain HTTP (config.tls.enabled must be false).
  // rulepack_version: named in every request log line.
  Server(ServiceConfig config, Application& app, Metrics& metrics, Logger& logger, TlsContext tls,
         std::function<std::string()> rulepack_version);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds http.listen (throws std::runtime_error when it cannot) and starts the thread pool.
  void start();
  [[nodiscard]] std::uint16_t port() const;

  // New connections use this context; existing ones keep theirs.
  void set_tls_context(TlsContext tls);

  // Signals delivered on the server's event loop (serve_main only; tests drive the calls below).
  void on_signals(std::function<void(int signal)> handler);

  // SIGTERM: readyz fails, requests that start from now on get 503, idle keep-alive connections
  // close; after http.drain_delay_ms the listener closes. In-flight requests complete.
  void begin_drain();
  [[nodiscard]] bool draining() const noexcept;
  // Waits until every connection has closed; false on timeout.
  bool wait_drained(std::chrono::milliseconds timeout);
  // Stops the event loop and joins the threads (open connections are dropped).
  void stop();

  struct Core;

 private:
  std::unique_ptr<Core> core_;
};

}  // namespace dxs::http
