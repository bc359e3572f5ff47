// The server's key material in the data dir, generated on first start as
// MySQL does: an RSA pair for caching_sha2_password's key exchange
// (private_key.pem, public_key.pem) and a self-signed TLS certificate
// (server-cert.pem, server-key.pem) unless the configuration names one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>

typedef struct evp_pkey_st EVP_PKEY;

namespace qproxy::auth {

class rsa_key {
public:
    // Loads <dir>/private_key.pem, generating the pair first when absent.
    // Throws std::runtime_error (start-up only).
    static rsa_key load_or_create(const std::filesystem::path& dir);

    const std::string& public_pem() const { return public_pem_; }
    // RSA-OAEP decryption of what the client sent; nullopt when it does not decrypt.
    std::optional<std::string> decrypt(std::span<const std::uint8_t> cipher) const;

private:
    std::shared_ptr<EVP_PKEY> key_;
    std::string public_pem_;
};

struct tls_files {
    std::filesystem::path cert;
    std::filesystem::path key;
};

// The configured pair, or <dir>/server-cert.pem + server-key.pem (created when absent).
tls_files ensure_tls_files(const std::filesystem::path& dir, const std::string& cert, const std::string& key);

}  // namespace qproxy::auth
