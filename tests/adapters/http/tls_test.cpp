#include "adapters/http/tls.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <sys/stat.h>

#include <boost/asio/ssl/context.hpp>

#include "test_support.hpp"

namespace dxs::http {
namespace {

TlsConfig server_files() {
  TlsConfig tls;
  tls.cert_file = test::pki().server_cert.string();
  tls.key_file = test::pki().server_key.string();
  return tls;
}

std::string failure(const TlsConfig& tls) {
  try {
    (void)make_server_tls_context(tls);
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

TEST(Tls, BuildsAContextFromFiles) {
  auto context = make_server_tls_context(server_files());
  ASSERT_NE(context, nullptr);
  SSL_CTX* native = context->native_handle();
  EXPECT_EQ(SSL_CTX_get_min_proto_version(native), TLS1_2_VERSION);
  EXPECT_EQ(SSL_CTX_get_verify_mode(native), SSL_VERIFY_NONE);
}

TEST(Tls, MutualTlsRequiresAPeerCertificate) {
  TlsConfig tls = server_files();
  tls.client_ca_file = test::pki().ca_cert.string();
  tls.require_client_cert = true;
  auto context = make_server_tls_context(tls);
  EXPECT_EQ(SSL_CTX_get_verify_mode(context->native_handle()), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
  tls.require_client_cert = false;
  context = make_server_tls_context(tls);
  EXPECT_EQ(SSL_CTX_get_verify_mode(context->native_handle()), SSL_VERIFY_PEER);
}

TEST(Tls, Tls13Only) {
  TlsConfig tls = server_files();
  tls.min_version = "1.3";
  EXPECT_EQ(SSL_CTX_get_min_proto_version(make_server_tls_context(tls)->native_handle()), TLS1_3_VERSION);
}

TEST(Tls, RefusesBadMaterial) {
  test::TempDir dir;
  TlsConfig tls = server_files();
  tls.key_file = (dir.path / "world.key").string();
  test::write_file(tls.key_file, test::read_file(test::pki().server_key));
  ::chmod(tls.key_file.c_str(), 0644);
  EXPECT_NE(failure(tls).find("readable by others"), std::string::npos);

  tls = server_files();
  tls.key_file = test::pki().client_key.string();  // not the certificate's key
  EXPECT_NE(failure(tls).find("tls.key_file"), std::string::npos) << failure(tls);
  EXPECT_NE(failure(tls).find("mismatch"), std::string::npos) << failure(tls);

  tls = server_files();
  tls.cert_file = (dir.path / "missing.crt").string();
  EXPECT_NE(failure(tls).find("tls.cert_file"), std::string::npos);

  tls = server_files();
  tls.ciphers = "NOT-A-CIPHER";
  EXPECT_NE(failure(tls).find("tls.ciphers"), std::string::npos);

  tls = server_files();
  tls.client_ca_file = (dir.path / "missing-ca.pem").string();
  EXPECT_NE(failure(tls).find("tls.client_ca_file"), std::string::npos);
}

}  // namespace
}  // namespace dxs::http
