// The service as a whole, in-process: reload under traffic, refused reloads, certificate
// reload, graceful drain with requests in flight, and logs free of patient data.
#include "adapters/http/service.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <thread>

#include "test_support.hpp"

namespace dxs::http::test {
namespace {

namespace fs = std::filesystem;
const std::vector<std::pair<std::string, std::string>> kFhir = {{"Content-Type", "application/fhir+json"}};
const std::vector<std::pair<std::string, std::string>> kX12 = {{"Content-Type", "application/edi-x12"}};

// A mappings folder whose rule packs can be edited: the large code-set folders are linked.
fs::path editable_mappings(const fs::path& dir) {
  const fs::path source = fs::path(DXS_SOURCE_DIR) / "mappings";
  const fs::path target = dir / "mappings";
  fs::create_directories(target);
  for (const auto& entry : fs::directory_iterator(source)) {
    if (!entry.is_directory()) continue;
    if (entry.path().filename() == "rulepacks") {
      fs::copy(entry.path(), target / "rulepacks", fs::copy_options::recursive);
    } else {
      fs::create_directory_symlink(entry.path(), target / entry.path().filename());
    }
  }
  return target;
}

std::size_t count_lines_with(const std::vector<std::string>& lines, std::string_view needle) {
  std::size_t n = 0;
  for (const auto& line : lines) n += line.find(needle) != std::string::npos;
  return n;
}

TEST(Service, ReloadUnderTrafficLosesNoRequest) {
  RunningService s;
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 2; ++t) {
    clients.emplace_back([&, t] {
      auto c = std::make_unique<Connection>(s.port(), trusted_client());
      if (!c->connect()) {
        ++failed;
        return;
      }
      while (!stop) {
        const HttpResult r = t == 0 ? c->request("POST", "/fhir/Claim/$validate", fhir_claim_json("M62.451,M24.561"), kFhir)
                                    : c->request("POST", "/x12/837", x12_837p("M62451,M24561"), kX12);
        if (r.ok && r.status == 200 && r.header("x-screening-disposition") == "rejected") {
          ++ok;
        } else {
          ++failed;
        }
        if (!r.keep_alive) {  // max_requests_per_connection reached: reconnect
          c = std::make_unique<Connection>(s.port(), trusted_client());
          if (!c->connect()) ++failed;
        }
      }
    });
  }
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(s.service->reload());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(ok.load(), 4);
  EXPECT_NE(s.service->metrics().render().find("dxscreen_reloads_total{what=\"rulepack\",result=\"success\"} 3"),
            std::string::npos);
  EXPECT_EQ(count_lines_with(s.log_lines(), "\"event\":\"reloaded\""), 3u);
}

TEST(Service, ABrokenRulePackIsRefusedAndTheOldOneKept) {
  TempDir data;
  const fs::path mappings = editable_mappings(data.path);
  ConfigText text;
  text.mappings_dir = mappings.string();
  RunningService s(text);
  const std::string before = s.service->rulepack_version();
  ASSERT_FALSE(before.empty());

  fs::path pack;
  for (const auto& entry : fs::directory_iterator(mappings / "rulepacks")) {
    if (entry.path().extension() == ".json") pack = entry.path();
  }
  ASSERT_FALSE(pack.empty());
  const std::string original = read_file(pack);
  write_file(pack, "{\"id\": \"broken\", \"rules\": [ {\"id\": \"no-such-rule\" ");

  EXPECT_FALSE(s.service->reload());
  EXPECT_EQ(s.service->rulepack_version(), before);
  const auto lines = s.log_lines();
  EXPECT_EQ(count_lines_with(lines, "\"event\":\"reload_refused\""), 1u) << s.log_text();
  EXPECT_EQ(count_lines_with(lines, "\"what\":\"rulepack\""), 1u);
  const HttpResult r = fetch(s.port(), trusted_client(), "POST", "/fhir/Claim/$validate",
                             fhir_claim_json("M62.451,M24.561"), kFhir);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("x-screening-disposition"), "rejected");
  EXPECT_EQ(r.header("x-rulepack-version"), before);
  EXPECT_EQ(fetch(s.port(), trusted_client(), "GET", "/readyz").status, 200);
  EXPECT_NE(s.service->metrics().render().find("dxscreen_reloads_total{what=\"rulepack\",result=\"failure\"} 1"),
            std::string::npos);

  write_file(pack, original);
  EXPECT_TRUE(s.service->reload());
}

TEST(Service, ReloadSwapsTheCertificateForNewConnections) {
  TempDir tls;
  const fs::path cert = tls.path / "server.crt", key = tls.path / "server.key";
  fs::copy_file(pki().server_cert, cert);
  fs::copy_file(pki().server_key, key);
  ConfigText text;
  text.tls = "\"cert_file\": \"" + cert.string() + "\", \"key_file\": \"" + key.string() + "\"";
  RunningService s(text);

  Connection before(s.port(), trusted_client());
  ASSERT_TRUE(before.connect()) << before.error();
  EXPECT_EQ(before.server_subject_cn(), "localhost");

  issue_server_certificate(cert, key, "dxscreen-rotated");
  EXPECT_TRUE(s.service->reload());
  Connection after(s.port(), trusted_client());
  ASSERT_TRUE(after.connect()) << after.error();
  EXPECT_EQ(after.server_subject_cn(), "dxscreen-rotated");
  EXPECT_EQ(before.request("GET", "/livez").status, 200);  // the old connection carries on
  EXPECT_EQ(after.request("GET", "/livez").status, 200);

  write_file(key, "not a key");
  ::chmod(key.c_str(), 0600);
  EXPECT_FALSE(s.service->reload());  // refused; the rotated certificate stays in use
  Connection later(s.port(), trusted_client());
  ASSERT_TRUE(later.connect()) << later.error();
  EXPECT_EQ(later.server_subject_cn(), "dxscreen-rotated");
}

TEST(Service, DrainFinishesInFlightRequestsAndRefusesNewOnes) {
  ConfigText text;
  text.http = "\"drain_delay_ms\": 400, \"retry_after_seconds\": 2";
  RunningService s(text);
  const std::string body = fhir_claim_json("M62.451,M24.561");

  Connection in_flight(s.port(), trusted_client());
  ASSERT_TRUE(in_flight.connect()) << in_flight.error();
  ASSERT_TRUE(in_flight.send_raw("POST /fhir/Claim/$validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
                                 "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                                 body.substr(0, 100)));
  Connection idle(s.port(), trusted_client());
  ASSERT_TRUE(idle.connect()) << idle.error();
  ASSERT_EQ(idle.request("GET", "/livez").status, 200);
  // Let the server read the in-flight header before draining starts.
  // (The /livez answer may reach the client just before its own in-flight count is released.)
  for (int i = 0; i < 300 && s.service->metrics().inflight_requests.load() != 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(s.service->metrics().inflight_requests.load(), 1);

  s.service->begin_drain();
  EXPECT_TRUE(idle.wait_closed());  // idle keep-alive connections are closed at once

  // During the drain delay the listener still answers: not ready, and new work gets 503.
  HttpResult r = fetch(s.port(), trusted_client(), "GET", "/readyz");
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("draining"), std::string::npos);
  r = fetch(s.port(), trusted_client(), "POST", "/fhir/Claim/$validate", body, kFhir);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("retry-after"), "2");

  EXPECT_FALSE(s.service->wait_drained(std::chrono::milliseconds(600)));  // still one in flight
  ASSERT_TRUE(in_flight.send_raw(body.substr(100)));
  const HttpResult finished = in_flight.read_response();
  ASSERT_TRUE(finished.ok) << finished.error;
  EXPECT_EQ(finished.status, 200);
  EXPECT_EQ(finished.header("x-screening-disposition"), "rejected");
  EXPECT_FALSE(finished.keep_alive);
  EXPECT_TRUE(s.service->wait_drained(std::chrono::seconds(5)));
  Connection refused(s.port(), trusted_client(), std::chrono::seconds(2));
  EXPECT_FALSE(refused.connect());  // the listener is closed
}

TEST(Service, LogsCarryNoPatientDataClaimIdsCodesOrQueries) {
  RunningService s;
  const std::uint16_t port = s.port();
  const auto post = [&](std::string_view target, const std::string& body, std::string content_type) {
    return fetch(port, trusted_client(), "POST", target, body,
                 {{"Content-Type", std::move(content_type)}, {"X-Request-ID", "patient ZEBEDEE QUUXWORTH"}});
  };
  EXPECT_EQ(post("/fhir/Claim/$validate?_format=json&note=QUERYSECRET", fhir_claim_json("M62.451,M24.561"),
                 "application/fhir+json").status, 200);
  EXPECT_EQ(post("/fhir/Claim/$validate", fhir_claim_xml("M62.451,M24.561"), "application/fhir+xml").status, 200);
  EXPECT_EQ(post("/fhir/Bundle/$validate", fhir_bundle_json("M62.451,M24.561"), "application/fhir+json").status, 200);
  EXPECT_EQ(post("/fhir/$validate", fhir_parameters_json("M62.451,M24.561"), "application/fhir+json").status, 200);
  EXPECT_EQ(post("/x12/837?ack=999", x12_837p("M62451,M24561"), "application/edi-x12").status, 200);
  EXPECT_EQ(post("/v1/screen", x12_837p("M62451,M24561"), "text/plain").status, 200);
  // Broken inputs whose error messages might quote the payload.
  EXPECT_EQ(post("/fhir/Claim/$validate", "{\"resourceType\":\"Claim\",\"id\":\"CLAIMSECRET7731\",\"x\":[QUUXWORTH",
                 "application/fhir+json").status, 400);
  EXPECT_EQ(post("/x12/837", "ISA*QUUXWORTH*MEMBERSECRET4410~", "application/edi-x12").status, 400);
  EXPECT_EQ(fetch(port, trusted_client(), "GET", "/v1/codes/M62.451?date=2025-11-05").status, 200);

  // A request is logged once its answer is written: the last line may follow the client's read.
  const auto request_lines = [&] {
    const std::string text = s.log_text();
    std::size_t n = 0;
    for (std::size_t at = text.find("\"event\":\"request\""); at != std::string::npos;
         at = text.find("\"event\":\"request\"", at + 1)) {
      ++n;
    }
    return n;
  };
  for (int i = 0; i < 500 && request_lines() < 9; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto lines = s.log_lines();
  std::size_t requests = 0;
  for (const auto& line : lines) {
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    ASSERT_FALSE(doc.HasParseError()) << line;
    if (std::string_view(doc["event"].GetString()) != "request") continue;
    ++requests;
    for (const char* field : {"ts", "level", "request_id", "method", "route", "status", "duration_ms", "claims",
                              "rejected", "findings", "rulepack"}) {
      EXPECT_TRUE(doc.HasMember(field)) << field << " in " << line;
    }
  }
  EXPECT_EQ(requests, 9u);
  std::string text = s.log_text();
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::string_view secret : {kClaimId, kMemberId, kFamily, kGiven, std::string_view("QUERYSECRET"),
                                  std::string_view("M62.451"), std::string_view("M62451"),
                                  std::string_view("M24.561"), std::string_view("M24561"),
                                  std::string_view("_FORMAT")}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " leaked into:\n" << s.log_text();
  }
  EXPECT_NE(text.find("\"ROUTE\":\"/V1/CODES/{CODE}\""), std::string::npos);
}

}  // namespace
}  // namespace dxs::http::test
