// HTTP request path: raw request bytes through Boost.Beast's request parser (header and body
// limits as the service sets them) into dxs::http::ScreeningApp::match/handle over a real Engine,
// the same steps adapters/http/session.cpp takes after a read (TLS and sockets left out: the
// service has no function that takes one raw request buffer). Pipelined requests are served in
// turn, up to HttpConfig::max_pipelined_requests.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string_view>

#include "adapters/http/app.hpp"
#include "adapters/http/metrics.hpp"
#include "adapters/pipeline/pipeline.hpp"
#include "fuzz_support.hpp"

namespace {

namespace bhttp = boost::beast::http;

dxs::http::ScreeningApp& app() {
  static dxs::http::Metrics metrics;
  static dxs::http::ScreeningApp instance(
      std::make_shared<dxs::pipeline::Engine>(dxs::pipeline::Config{}, dxs::fuzz::shipped_knowledge()),
      metrics, dxs::http::HttpConfig{}, [] { return false; });
  return instance;
}

std::size_t body_limit(const dxs::http::HttpConfig& config, dxs::http::BodyKind kind) {
  switch (kind) {
    case dxs::http::BodyKind::fhir: return config.fhir_body_limit_bytes;
    case dxs::http::BodyKind::x12: return config.x12_body_limit_bytes;
    case dxs::http::BodyKind::any: return config.screen_body_limit_bytes;
    case dxs::http::BodyKind::none: break;
  }
  return config.screen_body_limit_bytes;
}

dxs::http::Request to_request(const bhttp::request<bhttp::string_body>& message) {
  dxs::http::Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  const auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.request_id = "fuzz";
  request.body = message.body();
  return request;
}

// Parses one request from `bytes`; returns the bytes it used (0 = stop).
std::size_t serve_one(std::string_view bytes, const dxs::http::HttpConfig& config) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.header_limit(static_cast<std::uint32_t>(config.header_limit_bytes));
  parser.body_limit(config.screen_body_limit_bytes);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (!parser.is_done()) {
    ec = {};
    const std::size_t n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec && ec != bhttp::error::need_more) break;
    if (parser.is_done()) break;
    if (used < bytes.size() && n > 0) continue;
    // No byte left (or none taken, e.g. a body shorter than its Content-Length): the
    // connection closes, and a truncated message is an error.
    ec = {};
    parser.put_eof(ec);
    break;
  }
  if (ec || !parser.is_header_done()) return 0;
  dxs::http::Request request = to_request(parser.get());
  const auto route = app().match(request.method, request.path);
  dxs::http::Response response;
  try {
    if (!route.found || !route.method_allowed) {
      response = app().error(route, request, route.found ? 405 : 404, "fuzz");
    } else if (!parser.is_done() || request.body.size() > body_limit(config, route.body)) {
      response = app().error(route, request, 413, "fuzz");
    } else {
      response = app().handle(route, request);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ScreeningApp threw: %s\n", e.what());
    std::abort();
  }
  dxs::fuzz::require(response.status >= 100 && response.status <= 599, "http: a real status code");
  dxs::fuzz::require(response.status == 204 || response.status == 304 || !response.content_type.empty() ||
                         response.body.empty(),
                     "http: a body has a content type");
  return parser.is_done() ? used : 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const dxs::http::HttpConfig config;
  for (std::size_t served = 0; served < config.max_pipelined_requests && !bytes.empty(); ++served) {
    const std::size_t used = serve_one(bytes, config);
    if (used == 0) break;
    bytes.remove_prefix(used);
  }
  return 0;
}
