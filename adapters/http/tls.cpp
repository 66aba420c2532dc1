#include "adapters/http/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/stat.h>

#include <boost/asio/ssl/context.hpp>
#include <stdexcept>

namespace dxs::http {
namespace {

std::string openssl_reason() {
  const unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what + ": " + openssl_reason());
}

}  // namespace

std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const TlsConfig& config) {
  namespace ssl = boost::asio::ssl;
  if (config.cert_file.empty() || config.key_file.empty()) {
    throw std::runtime_error("tls.cert_file and tls.key_file are required when tls.enabled is true");
  }
  struct stat st {};
  if (::stat(config.key_file.c_str(), &st) != 0) {
    throw std::runtime_error("tls.key_file: cannot read " + config.key_file);
  }
  if ((st.st_mode & S_IROTH) != 0) {
    throw std::runtime_error("tls.key_file: " + config.key_file + " is readable by others (chmod 600)");
  }
  ERR_clear_error();
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  const int min_version = config.min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION;
  require(SSL_CTX_set_min_proto_version(native, min_version) == 1, "tls.min_version");
  require(SSL_CTX_set_cipher_list(native, config.ciphers.c_str()) == 1, "tls.ciphers");
  require(SSL_CTX_set_ciphersuites(native, config.ciphersuites.c_str()) == 1, "tls.ciphersuites");
  require(SSL_CTX_use_certificate_chain_file(native, config.cert_file.c_str()) == 1,
          "tls.cert_file " + config.cert_file);
  require(SSL_CTX_use_PrivateKey_file(native, config.key_file.c_str(), SSL_FILETYPE_PEM) == 1,
          "tls.key_file " + config.key_file);
  require(SSL_CTX_check_private_key(native) == 1, "tls.key_file does not match tls.cert_file");
  if (!config.client_ca_file.empty()) {
    require(SSL_CTX_load_verify_locations(native, config.client_ca_file.c_str(), nullptr) == 1,
            "tls.client_ca_file " + config.client_ca_file);
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(config.client_ca_file.c_str());
    require(names != nullptr, "tls.client_ca_file " + config.client_ca_file);
    SSL_CTX_set_client_CA_list(native, names);
    int mode = SSL_VERIFY_PEER;
    if (config.require_client_cert) mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    SSL_CTX_set_verify(native, mode, nullptr);
    SSL_CTX_set_verify_depth(native, 4);
  } else if (config.require_client_cert) {
    throw std::runtime_error("tls.require_client_cert needs tls.client_ca_file");
  }
  static const unsigned char kContextId[] = "dxscreen";
  SSL_CTX_set_session_id_context(native, kContextId, sizeof kContextId - 1);
  return context;
}

}  // namespace dxs::http
