#include "adapters/http/service_config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "adapters/pipeline/pipeline.hpp"
#include "test_support.hpp"

namespace dxs::http {
namespace {

Result<ServiceConfig> parse(const std::string& text) {
  return parse_service_config(pipeline::parse_config(text, "/etc/dxscreen/dxscreen.json"));
}

TEST(ServiceConfig, DefaultsWhenSectionsAreAbsent) {
  auto config = parse("{}");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->http.listen, "127.0.0.1:8443");
  EXPECT_TRUE(config->tls.enabled);
  EXPECT_EQ(config->tls.min_version, "1.2");
  EXPECT_EQ(config->http.fhir_body_limit_bytes, 1024u * 1024u);
  EXPECT_EQ(config->http.x12_body_limit_bytes, 16u * 1024u * 1024u);
  EXPECT_EQ(config->log.level, LogLevel::info);
}

TEST(ServiceConfig, ReadsEveryKindOfValue) {
  auto config = parse(R"({
    // comments are allowed
    "http": {"listen": "[::1]:9000", "threads": 3, "max_inflight_requests": 5, "keep_alive": false,
             "fhir_body_limit_bytes": 2048, "x12_body_limit_bytes": 4096, "rejected_status": 422},
    "tls": {"cert_file": "tls/server.crt", "key_file": "/abs/server.key", "min_version": "1.3"},
    "log": {"level": "warn", "requests": false}
  })");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->http.listen, "[::1]:9000");
  EXPECT_EQ(config->http.threads, 3);
  EXPECT_EQ(config->http.max_inflight_requests, 5u);
  EXPECT_FALSE(config->http.keep_alive);
  EXPECT_EQ(config->http.fhir_body_limit_bytes, 2048u);
  EXPECT_EQ(config->http.x12_body_limit_bytes, 4096u);
  EXPECT_EQ(config->http.rejected_status, 422);
  EXPECT_EQ(config->tls.cert_file, "/etc/dxscreen/tls/server.crt");  // relative to the file's folder
  EXPECT_EQ(config->tls.key_file, "/abs/server.key");
  EXPECT_EQ(config->tls.min_version, "1.3");
  EXPECT_EQ(config->log.level, LogLevel::warn);
  EXPECT_FALSE(config->log.requests);
}

TEST(ServiceConfig, UnknownKeysAreErrorsWithFileAndLine) {
  auto config = parse("{\n  \"http\": {\n    \"listen\": \"127.0.0.1:1\",\n    \"max_conections\": 5\n  }\n}\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("/etc/dxscreen/dxscreen.json:4:"), std::string::npos) << config.error().message;
  EXPECT_NE(config.error().message.find("http.max_conections"), std::string::npos);
}

TEST(ServiceConfig, BadValuesAreErrorsWithLines) {
  auto config = parse("{\"tls\": {\n\"min_version\": \"1.0\"},\n\"log\": {\"level\": \"loud\"},\n"
                      "\"http\": {\"threads\": -1, \"listen\": \"nowhere\", \"rejected_status\": 500}}");
  ASSERT_FALSE(config.ok());
  const std::string& message = config.error().message;
  EXPECT_NE(message.find(":2: \"tls.min_version\""), std::string::npos) << message;
  EXPECT_NE(message.find(":3: \"log.level\""), std::string::npos) << message;
  EXPECT_NE(message.find("\"http.threads\""), std::string::npos) << message;
  EXPECT_NE(message.find("\"http.listen\""), std::string::npos) << message;
  EXPECT_NE(message.find("\"http.rejected_status\""), std::string::npos) << message;
}

TEST(ServiceConfig, WrongTypesAreErrors) {
  auto config = parse(R"({"http": {"keep_alive": "yes", "backlog": 1.5}, "tls": {"enabled": 1}})");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("http.keep_alive"), std::string::npos);
  EXPECT_NE(config.error().message.find("http.backlog"), std::string::npos);
  EXPECT_NE(config.error().message.find("tls.enabled"), std::string::npos);
}

TEST(ServiceConfig, MutualTlsNeedsAClientCa) {
  auto config = parse(R"({"tls": {"require_client_cert": true}})");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("client_ca_file"), std::string::npos);
}

TEST(ServiceConfig, CheckFindsMissingAndWorldReadableKeys) {
  ServiceConfig config;
  EXPECT_FALSE(check_service_config(config).empty());  // TLS on without files
  config.tls.enabled = false;
  EXPECT_TRUE(check_service_config(config).empty());

  test::TempDir dir;
  config.tls.enabled = true;
  config.tls.cert_file = test::pki().server_cert.string();
  config.tls.key_file = (dir.path / "server.key").string();
  EXPECT_FALSE(check_service_config(config).empty());  // key missing
  test::write_file(dir.path / "server.key", test::read_file(test::pki().server_key));
  ::chmod(config.tls.key_file.c_str(), 0644);
  const auto problems = check_service_config(config);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("readable by others"), std::string::npos);
  ::chmod(config.tls.key_file.c_str(), 0600);
  EXPECT_TRUE(check_service_config(config).empty());
}

TEST(ServiceConfig, SplitListen) {
  std::string address;
  std::uint16_t port = 0;
  ASSERT_TRUE(split_listen("127.0.0.1:8443", &address, &port));
  EXPECT_EQ(address, "127.0.0.1");
  EXPECT_EQ(port, 8443);
  ASSERT_TRUE(split_listen("[::1]:0", &address, &port));
  EXPECT_EQ(address, "::1");
  EXPECT_EQ(port, 0);
  EXPECT_FALSE(split_listen("127.0.0.1", &address, &port));
  EXPECT_FALSE(split_listen("127.0.0.1:99999", &address, &port));
  EXPECT_FALSE(split_listen("::1:80", &address, &port));
  EXPECT_FALSE(split_listen(":80", &address, &port));
}

}  // namespace
}  // namespace dxs::http
