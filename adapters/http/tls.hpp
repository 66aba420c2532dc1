#pragma once
// Server TLS contexts: TLS 1.2/1.3 (Mozilla "intermediate" by default), certificate chain and
// key from files, optional client verification (mutual TLS).
#include <memory>
#include <string>

#include "adapters/http/service_config.hpp"

namespace boost::asio::ssl {
class context;
}

namespace dxs::http {

// A new context from the files named in the configuration. Throws std::runtime_error naming
// the file and problem (start-up and reload only; the caller keeps the old context on failure).
std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const TlsConfig& config);

}  // namespace dxs::http
