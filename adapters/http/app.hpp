#pragma once
// The service's endpoints over the pipeline:
//   POST /fhir/Claim/$validate, /fhir/Bundle/$validate, /fhir/$validate  -> OperationOutcome
//   POST /x12/837 (?ack=999|277ca)                                       -> 999 + 277CA
//   POST /v1/screen                                                      -> JSON report
//   GET  /v1/codes/{code}?date=YYYY-MM-DD                                -> explain() as JSON
//   GET  /livez, /healthz, /readyz, /metrics
// A screening that ran answers 200 (or http.rejected_status for rejections) with
// X-Screening-Disposition and X-Rulepack-Version; input that cannot be read answers 400 in the
// caller's format.
#include <functional>
#include <memory>

#include "adapters/http/application.hpp"
#include "adapters/http/metrics.hpp"
#include "adapters/http/service_config.hpp"

namespace dxs::pipeline {
class Engine;
}

namespace dxs::http {

class ScreeningApp final : public Application {
 public:
  // draining: whether the server is shutting down (readyz answers 503).
  ScreeningApp(std::shared_ptr<pipeline::Engine> engine, Metrics& metrics, HttpConfig http,
               std::function<bool()> draining);

  [[nodiscard]] RouteMatch match(std::string_view method, std::string_view path) const override;
  Response handle(const RouteMatch& route, const Request& request) override;
  [[nodiscard]] Response error(const RouteMatch& route, const Request& request, int status,
                               std::string_view message) const override;

  // Why the service is not ready ("" when ready): no rule data for today, draining, overloaded.
  [[nodiscard]] std::string not_ready_reason() const;

 private:
  Response fhir(const RouteMatch& route, const Request& request);
  Response x12(const Request& request);
  Response screen_any(const Request& request);
  Response codes(const Request& request);
  Response ready_response() const;

  std::shared_ptr<pipeline::Engine> engine_;
  Metrics& metrics_;
  HttpConfig http_;
  std::function<bool()> draining_;
};

// FHIR resource type at the top of a JSON or XML document without parsing it fully ("" if none).
std::string sniff_resource_type(std::string_view body, bool xml);

}  // namespace dxs::http
