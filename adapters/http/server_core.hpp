#pragma once
// Internal to the server: state shared by the listener (server.cpp) and the connections
// (session.cpp). Includes Beast/Asio; not for other adapters.
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "adapters/http/server.hpp"

namespace dxs::http {

class Connection {
 public:
  virtual ~Connection() = default;
  // Thread-safe: the connection stops waiting for new requests and closes when idle.
  virtual void drain() = 0;
};

struct Server::Core {
  Core(ServiceConfig c, Application& a, Metrics& m, Logger& l, TlsContext t, std::function<std::string()> v)
      : config(std::move(c)), app(a), metrics(m), logger(l), tls(std::move(t)), rulepack_version(std::move(v)) {
    // One event loop per thread: a connection lives on one loop, so its handlers never need a
    // strand and never wake another thread.
    for (int i = 0; i < std::max(1, config.http.threads); ++i) {
      contexts.push_back(std::make_unique<boost::asio::io_context>(1));
    }
  }
  ~Core();

  ServiceConfig config;
  Application& app;
  Metrics& metrics;
  Logger& logger;
  std::mutex tls_mutex;
  TlsContext tls;
  std::function<std::string()> rulepack_version;
  std::function<void(int)> signal_handler;

  std::vector<std::thread> threads;
  std::uint16_t bound_port = 0;
  std::atomic<bool> draining{false};
  std::atomic<bool> listener_closed{false};
  std::atomic<bool> stopped{false};
  std::atomic<std::size_t> refusing{0};  // connections over max_connections being answered 503

  std::mutex connections_mutex;
  std::condition_variable connections_closed;
  std::uint64_t next_connection_id = 0;
  std::map<std::uint64_t, std::weak_ptr<Connection>> connections;

  // Declared last: destroyed first, while the state above is still there for the connections
  // whose pending handlers it destroys. The I/O objects are reset in ~Core before it.
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts;  // [0] also runs the listener and signals
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::size_t next_context = 0;  // listener's loop only
  std::optional<boost::asio::ip::tcp::acceptor> acceptor;
  std::optional<boost::asio::signal_set> signals;
  std::optional<boost::asio::steady_timer> drain_timer;
  std::optional<boost::asio::steady_timer> retry_timer;

  boost::asio::io_context& io() { return *contexts.front(); }
  // The loop for the next accepted connection (round robin).
  boost::asio::io_context& connection_context() {
    boost::asio::io_context& chosen = *contexts[next_context];
    next_context = (next_context + 1) % contexts.size();
    return chosen;
  }
  TlsContext current_tls() {
    const std::lock_guard lock(tls_mutex);
    return tls;
  }
  std::uint64_t add_connection(const std::shared_ptr<Connection>& connection);
  void remove_connection(std::uint64_t id);
  void accept();
  void wait_signal();
};

// Starts serving an accepted socket (session.cpp). over_limit: answer 503 and close.
void start_connection(Server::Core& core, boost::asio::ip::tcp::socket socket, bool over_limit);

}  // namespace dxs::http
