#include "adapters/http/server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <stdexcept>

#include "adapters/http/server_core.hpp"

namespace dxs::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using boost::system::error_code;

std::uint64_t Server::Core::add_connection(const std::shared_ptr<Connection>& connection) {
  const std::lock_guard lock(connections_mutex);
  const std::uint64_t id = ++next_connection_id;
  connections.emplace(id, connection);
  return id;
}

void Server::Core::remove_connection(std::uint64_t id) {
  {
    const std::lock_guard lock(connections_mutex);
    connections.erase(id);
  }
  connections_closed.notify_all();
}

void Server::Core::accept() {
  acceptor->async_accept(connection_context().get_executor(), [this](const error_code& ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
    if (ec) {
      // Out of descriptors and the like: try again shortly instead of spinning.
      logger.event(LogLevel::warn, "accept_failed", {{"error", ec.message()}});
      retry_timer.emplace(acceptor->get_executor());
      retry_timer->expires_after(std::chrono::milliseconds(50));
      retry_timer->async_wait([this](const error_code& wait_ec) {
        if (!wait_ec && acceptor->is_open()) accept();
      });
      return;
    }
    const bool over_limit =
        static_cast<std::size_t>(metrics.connections.load()) >= config.http.max_connections;
    start_connection(*this, std::move(socket), over_limit);
    accept();
  });
}

Server::Server(ServiceConfig config, Application& app, Metrics& metrics, Logger& logger, TlsContext tls,
               std::function<std::string()> rulepack_version) {
  if (config.http.threads <= 0) {
    config.http.threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  }
  core_ = std::make_unique<Core>(std::move(config), app, metrics, logger, std::move(tls), std::move(rulepack_version));
}

Server::~Server() { stop(); }

void Server::start() {
  Core& c = *core_;
  std::string address_text;
  std::uint16_t port = 0;
  if (!split_listen(c.config.http.listen, &address_text, &port)) {
    throw std::runtime_error("http.listen: expected ADDR:PORT, got " + c.config.http.listen);
  }
  error_code ec;
  const net::ip::address address = net::ip::make_address(address_text, ec);
  if (ec) throw std::runtime_error("http.listen: not an IP address: " + address_text);
  const tcp::endpoint endpoint(address, port);
  c.acceptor.emplace(c.io());
  c.acceptor->open(endpoint.protocol(), ec);
  if (!ec) c.acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) c.acceptor->bind(endpoint, ec);
  if (!ec) c.acceptor->listen(c.config.http.backlog, ec);
  if (ec) throw std::runtime_error("cannot listen on " + c.config.http.listen + ": " + ec.message());
  c.bound_port = c.acceptor->local_endpoint().port();
  net::post(c.acceptor->get_executor(), [&c] { c.accept(); });
  for (const auto& context : c.contexts) {
    c.work.push_back(net::make_work_guard(*context));
    c.threads.emplace_back([&context = *context] { context.run(); });
  }
}

std::uint16_t Server::port() const { return core_->bound_port; }

void Server::set_tls_context(TlsContext tls) {
  const std::lock_guard lock(core_->tls_mutex);
  core_->tls = std::move(tls);
}

void Server::Core::wait_signal() {
  signals->async_wait([this](const error_code& ec, int signal) {
    if (ec) return;
    signal_handler(signal);
    wait_signal();
  });
}

void Server::on_signals(std::function<void(int)> handler) {
  Core& c = *core_;
  c.signal_handler = std::move(handler);
  c.signals.emplace(c.io(), SIGTERM, SIGINT, SIGHUP);
  c.wait_signal();
}

void Server::begin_drain() {
  Core& c = *core_;
  if (c.draining.exchange(true)) return;
  std::vector<std::shared_ptr<Connection>> open;
  {
    const std::lock_guard lock(c.connections_mutex);
    for (const auto& [id, weak] : c.connections) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
  }
  for (const auto& connection : open) connection->drain();
  if (!c.acceptor) return;
  net::post(c.acceptor->get_executor(), [&c] {
    c.drain_timer.emplace(c.acceptor->get_executor());
    c.drain_timer->expires_after(std::chrono::milliseconds(c.config.http.drain_delay_ms));
    c.drain_timer->async_wait([&c](const error_code&) {
      error_code ignored;
      c.acceptor->close(ignored);
      c.listener_closed.store(true);
      c.connections_closed.notify_all();
      if (c.retry_timer) c.retry_timer->cancel();
      // Connections accepted during the delay were answered 503; close any that went idle.
      std::vector<std::shared_ptr<Connection>> late;
      {
        const std::lock_guard lock(c.connections_mutex);
        for (const auto& [id, weak] : c.connections) {
          if (auto connection = weak.lock()) late.push_back(std::move(connection));
        }
      }
      for (const auto& connection : late) connection->drain();
    });
  });
}

bool Server::draining() const noexcept { return core_->draining.load(); }

bool Server::wait_drained(std::chrono::milliseconds timeout) {
  Core& c = *core_;
  std::unique_lock lock(c.connections_mutex);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const auto closed = [&] {
    // The listener must be closed too, else new connections could still arrive.
    return c.connections.empty() && (!c.acceptor || c.listener_closed.load());
  };
  while (!closed() && !c.stopped.load() && std::chrono::steady_clock::now() < deadline) {
    c.connections_closed.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                               std::chrono::milliseconds(20)));
  }
  return closed();
}

void Server::stop() {
  Core& c = *core_;
  c.stopped.store(true);
  c.connections_closed.notify_all();
  c.work.clear();
  for (const auto& context : c.contexts) context->stop();
  for (auto& thread : c.threads) {
    if (thread.joinable()) thread.join();
  }
  c.threads.clear();
}

Server::Core::~Core() {
  drain_timer.reset();
  retry_timer.reset();
  signals.reset();
  acceptor.reset();
}

}  // namespace dxs::http
