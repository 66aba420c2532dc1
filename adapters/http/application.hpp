#pragma once
// What the HTTP server asks of the application behind it, in plain types (no Boost in this
// header): route matching before the body is read (so limits and metrics labels are known),
// request handling, and error bodies in the caller's format.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dxs::http {

// Which configured body limit applies to a route.
enum class BodyKind { none, fhir, x12, any };

struct RouteMatch {
  std::string route;        // route template for logs and metrics: "/fhir/Claim/$validate", "unmatched"
  BodyKind body = BodyKind::none;
  bool found = false;       // the path names an endpoint
  bool method_allowed = false;
  std::string allow;        // "POST" / "GET": the Allow header for 405
  int id = -1;              // application-defined endpoint id
};

using Header = std::pair<std::string, std::string>;  // name lower-case

struct Request {
  std::string method;
  std::string target;       // as received
  std::string path;         // target before '?'
  std::string query;        // target after '?' (never logged)
  std::vector<Header> headers;
  std::string body;
  std::string request_id;
  std::string peer_subject; // mTLS client certificate subject CN, "" without a client certificate

  [[nodiscard]] std::string_view header(std::string_view lower_name) const noexcept;
  // Query parameter value (percent-decoded); "" when absent.
  [[nodiscard]] std::string query_param(std::string_view name) const;
};

// What one request did, for the request log and metrics; never claim or patient data.
struct Outcome {
  std::size_t claims = 0;
  std::size_t rejected = 0;
  std::size_t findings = 0;
  std::string disposition;  // accepted | rejected | accepted-with-warnings | ""
  std::string format;       // "fhir-json", "x12-837P", ... or ""
};

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<Header> headers;  // extra headers (Retry-After, X-Screening-Disposition, ...)
  Outcome outcome;
};

class Application {
 public:
  virtual ~Application() = default;
  [[nodiscard]] virtual RouteMatch match(std::string_view method, std::string_view path) const = 0;
  // Runs on a server thread; must not throw (the server answers 500 if it does).
  virtual Response handle(const RouteMatch& route, const Request& request) = 0;
  // An error answer (400..599) in the caller's format: OperationOutcome for FHIR routes, JSON
  // otherwise. `request` may have an empty body (the server refused it before reading).
  [[nodiscard]] virtual Response error(const RouteMatch& route, const Request& request, int status,
                                       std::string_view message) const = 0;
};

// Percent-decoding for query values ('+' is a space); invalid escapes are kept as-is.
std::string percent_decode(std::string_view text);

}  // namespace dxs::http
