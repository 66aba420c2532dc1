// One client connection: optional TLS handshake, then requests read header-first (so the body
// limit of the route applies), each phase under its own deadline, answered in order.
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <array>
#include <chrono>
#include <type_traits>

#include "adapters/http/server_core.hpp"

namespace dxs::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

constexpr std::size_t kMaxRefusing = 256;
constexpr auto kCloseTimeout = std::chrono::seconds(2);
constexpr int kLingerMs = 1000;
constexpr std::size_t kLingerBytes = std::size_t{4} << 20;

bool is_probe(const RouteMatch& route) {
  return route.route == "/livez" || route.route == "/healthz" || route.route == "/readyz" ||
         route.route == "/metrics";
}

std::string handshake_failure_reason(const error_code& ec) {
  if (ec == beast::error::timeout) return "timeout";
  if (ec == net::error::eof || ec == ssl::error::stream_truncated || ec == net::error::connection_reset) {
    return "closed";
  }
  if (ec.category() == net::error::get_ssl_category()) {
    switch (ERR_GET_REASON(static_cast<unsigned long>(ec.value()))) {
      case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE: return "no_client_certificate";
      case SSL_R_CERTIFICATE_VERIFY_FAILED: return "client_certificate_invalid";
      case SSL_R_WRONG_VERSION_NUMBER:
      case SSL_R_UNSUPPORTED_PROTOCOL:
      case SSL_R_HTTP_REQUEST:
      case SSL_R_NO_SHARED_CIPHER:
      case SSL_R_VERSION_TOO_LOW: return "protocol";
      default: return "other";
    }
  }
  return "other";
}

// Subject CN of a verified client certificate, reduced to safe characters.
std::string peer_subject(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return {};
  std::string out;
  if (SSL_get_verify_result(ssl) == X509_V_OK) {
    char buffer[128] = {};
    const int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buffer, sizeof buffer);
    for (int i = 0; i < n && out.size() < 64; ++i) {
      const char c = buffer[i];
      const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == '_' || c == ' ' || c == '@';
      out += safe ? c : '_';
    }
  }
  X509_free(cert);
  return out;
}

RouteMatch unmatched_route() {
  RouteMatch route;
  route.route = "unmatched";
  return route;
}

std::size_t body_limit(const HttpConfig& config, BodyKind kind) {
  switch (kind) {
    case BodyKind::fhir: return config.fhir_body_limit_bytes;
    case BodyKind::x12: return config.x12_body_limit_bytes;
    case BodyKind::any: return config.screen_body_limit_bytes;
    case BodyKind::none: return 0;
  }
  return 0;
}

template <typename Stream>
class Session final : public Connection, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  Session(Server::Core& core, tcp::socket socket, Server::TlsContext tls, bool over_limit)
      : core_(core), tls_(std::move(tls)), stream_(make_stream(std::move(socket), tls_)),
        timer_(stream_.get_executor()), over_limit_(over_limit) {}

  ~Session() override {
    if (over_limit_) {
      core_.refusing.fetch_sub(1);
    } else {
      core_.metrics.connections.fetch_sub(1);
      core_.remove_connection(id_);
    }
    if (inflight_) core_.metrics.inflight_requests.fetch_sub(1);
  }

  void run(std::uint64_t id) {
    id_ = id;
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->on_run(); });
  }

  void drain() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->drain_requested_ = true;
      if (self->phase_ == Phase::idle) {
        error_code ignored;
        beast::get_lowest_layer(self->stream_).socket().cancel(ignored);
      }
    });
  }

 private:
  enum class Phase { handshake, idle, header, body, handling, writing, closing };

  static Stream make_stream(tcp::socket socket, const Server::TlsContext& tls) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  const HttpConfig& config() const { return core_.config.http; }

  // Read and write deadlines use their own timer so a timed-out request can still be answered 408.
  // The timer is lazy: arming moves deadline_ and only restarts the wait when the new deadline is
  // earlier than the pending one; a wait that ends early sleeps again until deadline_. Most
  // requests then arm and disarm without touching the timer (no system call, no wake-up).
  void arm(int milliseconds) {
    timed_out_ = false;
    deadline_ = Clock::now() + std::chrono::milliseconds(milliseconds);
    if (!timer_waiting_ || deadline_ < timer_.expiry()) wait_until(deadline_);
  }
  void disarm() { deadline_ = Clock::time_point::max(); }

  void wait_until(Clock::time_point when) {
    const std::uint64_t generation = ++timer_generation_;
    timer_waiting_ = true;
    timer_.expires_at(when);
    timer_.async_wait([self = this->shared_from_this(), generation](const error_code& ec) {
      if (generation != self->timer_generation_) return;  // replaced by a later wait_until
      self->timer_waiting_ = false;
      if (ec) return;
      self->on_timer();
    });
  }

  void on_timer() {
    if (deadline_ == Clock::time_point::max()) return;
    if (Clock::now() < deadline_) return wait_until(deadline_);
    deadline_ = Clock::time_point::max();
    timed_out_ = true;
    error_code ignored;
    beast::get_lowest_layer(stream_).socket().cancel(ignored);
  }

  void stop_timer() {
    disarm();
    ++timer_generation_;
    timer_waiting_ = false;
    timer_.cancel();
  }

  void on_run() {
    if constexpr (kTls) {
      phase_ = Phase::handshake;
      beast::get_lowest_layer(stream_).expires_after(std::chrono::milliseconds(config().handshake_timeout_ms));
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](const error_code& ec) { self->on_handshake(ec); });
    } else {
      after_connect();
    }
  }

  void on_handshake(const error_code& ec) {
    if constexpr (kTls) {
      if (ec) {
        core_.metrics.record_handshake_failure(handshake_failure_reason(ec));
        return close_now();
      }
      peer_subject_ = peer_subject(stream_.native_handle());
    }
    after_connect();
  }

  void after_connect() {
    beast::get_lowest_layer(stream_).expires_never();
    if (over_limit_) {
      route_ = unmatched_route();
      prepare_request_meta();
      return respond_error(503, "too many connections", true);
    }
    wait_for_request();
  }

  void wait_for_request() {
    // Draining: keep-alive connections close; a new connection still gets its one answer.
    if ((drain_requested_ || (served_ > 0 && core_.draining.load())) && buffer_.size() == 0) {
      return close_gracefully();
    }
    if (buffer_.size() > 0) return read_header();
    phase_ = Phase::idle;
    arm(served_ == 0 ? config().header_timeout_ms : config().idle_timeout_ms);
    stream_.async_read_some(buffer_.prepare(8192), [self = this->shared_from_this()](const error_code& ec,
                                                                                     std::size_t n) {
      self->on_first_bytes(ec, n);
    });
  }

  void on_first_bytes(const error_code& ec, std::size_t n) {
    disarm();
    if (ec || n == 0) return close_now();
    buffer_.commit(n);
    read_header();
  }

  void read_header() {
    phase_ = Phase::header;
    started_ = Clock::now();
    began_while_draining_ = core_.draining.load();
    route_ = unmatched_route();
    request_ = Request{};
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(config().header_limit_bytes));
    parser_->body_limit(config().screen_body_limit_bytes);
    arm(config().header_timeout_ms);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](const error_code& ec, std::size_t) {
                               self->on_header(ec);
                             });
  }

  void prepare_request_meta() {
    request_.request_id = make_request_id();
    request_.peer_subject = peer_subject_;
  }

  void on_header(const error_code& ec) {
    disarm();
    if (ec) {
      prepare_request_meta();
      if (timed_out_) return respond_error(408, "request header not received in time", true);
      if (ec == bhttp::error::header_limit) return respond_error(431, "request header too large", true);
      if (ec == bhttp::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
          ec == ssl::error::stream_truncated || ec == net::error::operation_aborted) {
        return close_now();
      }
      if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
        return respond_error(400, "malformed HTTP request", true);
      }
      return close_now();
    }
    const auto& header = parser_->get();
    request_.method = std::string(header.method_string());
    request_.target = std::string(header.target());
    const auto question = request_.target.find('?');
    request_.path = request_.target.substr(0, question);
    if (question != std::string::npos) request_.query = request_.target.substr(question + 1);
    for (const auto& field : header) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request_.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    const std::string_view offered_id = request_.header("x-request-id");
    request_.request_id = is_safe_request_id(offered_id) ? std::string(offered_id) : make_request_id();
    request_.peer_subject = peer_subject_;
    keep_alive_ = header.keep_alive();
    ++served_;

    route_ = core_.app.match(request_.method, request_.path);
    if (!route_.found) route_.route = "unmatched";

    const bool has_body = parser_->content_length().value_or(0) > 0 || parser_->chunked();
    if (began_while_draining_ && !is_probe(route_)) {
      return respond_error(503, "the service is shutting down", true);
    }
    if (!route_.found) return respond_error(404, "no such endpoint", has_body);
    if (!route_.method_allowed) return respond_error(405, "method not allowed", has_body);

    const std::size_t limit = body_limit(config(), route_.body);
    if (const auto length = parser_->content_length(); length && *length > limit) {
      return respond_error(413, "request body larger than " + std::to_string(limit) + " bytes", true);
    }
    parser_->body_limit(limit);

    const auto inflight = core_.metrics.inflight_requests.fetch_add(1) + 1;
    inflight_ = true;
    if (static_cast<std::size_t>(inflight) > config().max_inflight_requests && !is_probe(route_)) {
      return respond_error(503, "too many requests in flight", true);
    }

    if (parser_->is_done()) return handle();
    if (bhttp::token_list(header[bhttp::field::expect]).exists("100-continue")) {
      return send_continue();
    }
    read_body();
  }

  void send_continue() {
    continue_.emplace(bhttp::status::continue_, 11);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::milliseconds(config().write_timeout_ms));
    bhttp::async_write(stream_, *continue_, [self = this->shared_from_this()](const error_code& ec, std::size_t) {
      beast::get_lowest_layer(self->stream_).expires_never();
      if (ec) {
        self->finish(0, true);
        return self->close_now();
      }
      self->read_body();
    });
  }

  void read_body() {
    phase_ = Phase::body;
    arm(config().body_timeout_ms);
    bhttp::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](const error_code& ec, std::size_t) {
      self->on_body(ec);
    });
  }

  void on_body(const error_code& ec) {
    disarm();
    if (ec) {
      if (timed_out_) return respond_error(408, "request body not received in time", true);
      if (ec == bhttp::error::body_limit) {
        return respond_error(413, "request body larger than " +
                                      std::to_string(body_limit(config(), route_.body)) + " bytes", true);
      }
      if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() && ec != bhttp::error::partial_message &&
          ec != bhttp::error::end_of_stream) {
        return respond_error(400, "malformed HTTP request body", true);
      }
      finish(0, true);
      return close_now();
    }
    handle();
  }

  void handle() {
    phase_ = Phase::handling;
    bytes_in_ = parser_->get().body().size();
    request_.body = std::move(parser_->get().body());
    Response response;
    try {
      response = core_.app.handle(route_, request_);
    } catch (...) {
      response = error_response(500, "internal error");
    }
    request_.body.clear();
    request_.body.shrink_to_fit();
    write(std::move(response), false);
  }

  Response error_response(int status, std::string_view message) {
    try {
      return core_.app.error(route_, request_, status, message);
    } catch (...) {
      Response r;
      r.status = status;
      r.content_type = "application/json";
      r.body = "{\"error\":{\"status\":" + std::to_string(status) + "}}";
      return r;
    }
  }

  void respond_error(int status, std::string_view message, bool close) {
    // Closing with request bytes still unread would reset the connection and could destroy the
    // answer before the client reads it: those are read and dropped for a short while first.
    linger_ = close;
    Response response = error_response(status, message);
    if (status == 503) {
      response.headers.emplace_back("Retry-After", std::to_string(config().retry_after_seconds));
    }
    if (status == 405 && !route_.allow.empty()) response.headers.emplace_back("Allow", route_.allow);
    write(std::move(response), close);
  }

  void write(Response response, bool close) {
    phase_ = Phase::writing;
    if (buffer_.size() > 0) {
      ++pipelined_;
    } else {
      pipelined_ = 0;
    }
    close = close || !keep_alive_ || !config().keep_alive || served_ >= config().max_requests_per_connection ||
            pipelined_ >= config().max_pipelined_requests || drain_requested_ || core_.draining.load();
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(response.status));
    response_.set(bhttp::field::server, "dxscreen");
    if (!response.content_type.empty()) response_.set(bhttp::field::content_type, response.content_type);
    if (!request_.request_id.empty()) response_.set("X-Request-ID", request_.request_id);
    for (const auto& [name, value] : response.headers) response_.set(name, value);
    response_.keep_alive(!close);
    response_.body() = std::move(response.body);
    response_.prepare_payload();
    outcome_ = std::move(response.outcome);
    const int status = response.status;
    arm(config().write_timeout_ms);
    bhttp::async_write(stream_, response_,
                       [self = this->shared_from_this(), status, close](const error_code& ec, std::size_t) {
                         self->disarm();
                         self->finish(status, close || static_cast<bool>(ec));
                         if (ec) return self->close_now();
                         if (close && self->linger_) return self->linger();
                         if (close) return self->close_gracefully();
                         self->wait_for_request();
                       });
  }

  // Metrics and the request log once the answer is written (status 0: client went away).
  void finish(int status, bool /*closing*/) {
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    if (inflight_) {
      inflight_ = false;
      core_.metrics.inflight_requests.fetch_sub(1);
    }
    if (status == 0) status = 499;
    core_.metrics.record_request(route_.route, status, seconds);
    if (!core_.logger.logs_request(status)) {
      outcome_ = Outcome{};
      bytes_in_ = 0;
      return;
    }
    RequestLogEntry entry;
    entry.request_id = request_.request_id;
    entry.method = loggable_method(request_.method);
    entry.route = route_.route;
    entry.status = status;
    entry.duration_ms = seconds * 1000.0;
    entry.outcome = std::move(outcome_);
    outcome_ = Outcome{};
    entry.rulepack = core_.rulepack_version ? core_.rulepack_version() : std::string();
    entry.peer_subject = peer_subject_;
    entry.bytes_in = bytes_in_;
    bytes_in_ = 0;
    core_.logger.request(entry);
  }

  void linger() {
    linger_ = false;
    phase_ = Phase::closing;
    arm(std::min(config().header_timeout_ms, kLingerMs));
    linger_deadline_ = Clock::now() + std::chrono::milliseconds(std::min(config().header_timeout_ms, kLingerMs));
    if constexpr (!kTls) {
      error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    read_and_drop();
  }

  void read_and_drop() {
    stream_.async_read_some(net::buffer(scratch_), [self = this->shared_from_this()](const error_code& ec,
                                                                                     std::size_t n) {
      self->lingered_ += n;
      if (ec || self->lingered_ > kLingerBytes || Clock::now() >= self->linger_deadline_) {
        return self->close_now();
      }
      self->read_and_drop();
    });
  }

  void close_gracefully() {
    phase_ = Phase::closing;
    stop_timer();
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(kCloseTimeout);
      stream_.async_shutdown([self = this->shared_from_this()](const error_code&) { self->close_now(); });
    } else {
      error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      close_now();
    }
  }

  void close_now() {
    phase_ = Phase::closing;
    stop_timer();
    error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(stream_).close();
  }

  Server::Core& core_;
  Server::TlsContext tls_;
  Stream stream_;
  net::steady_timer timer_;
  bool over_limit_;
  std::uint64_t id_ = 0;
  std::uint64_t timer_generation_ = 0;
  bool timer_waiting_ = false;
  Clock::time_point deadline_ = Clock::time_point::max();
  bool timed_out_ = false;
  bool drain_requested_ = false;
  bool began_while_draining_ = false;
  bool keep_alive_ = false;
  bool inflight_ = false;
  bool linger_ = false;
  std::size_t lingered_ = 0;
  Clock::time_point linger_deadline_;
  std::array<char, 16384> scratch_{};
  Phase phase_ = Phase::handshake;
  std::size_t served_ = 0;
  std::size_t pipelined_ = 0;
  std::uint64_t bytes_in_ = 0;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::empty_body>> continue_;
  bhttp::response<bhttp::string_body> response_;
  Request request_;
  RouteMatch route_;
  Outcome outcome_;
  std::string peer_subject_;
  Clock::time_point started_ = Clock::now();
};

template <typename Stream>
void launch(Server::Core& core, tcp::socket socket, Server::TlsContext tls, bool over_limit) {
  auto session = std::make_shared<Session<Stream>>(core, std::move(socket), std::move(tls), over_limit);
  std::uint64_t id = 0;
  if (!over_limit) id = core.add_connection(session);
  session->run(id);
}

}  // namespace

void start_connection(Server::Core& core, tcp::socket socket, bool over_limit) {
  if (over_limit) {
    if (core.refusing.fetch_add(1) >= kMaxRefusing) {
      core.refusing.fetch_sub(1);
      error_code ignored;
      socket.close(ignored);
      return;
    }
  } else {
    core.metrics.connections.fetch_add(1);
  }
  // Small answers go out at once instead of waiting for the client's delayed ACK (Nagle).
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  Server::TlsContext tls = core.current_tls();
  if (tls) {
    launch<beast::ssl_stream<beast::tcp_stream>>(core, std::move(socket), std::move(tls), over_limit);
  } else {
    launch<beast::tcp_stream>(core, std::move(socket), nullptr, over_limit);
  }
}

}  // namespace dxs::http
