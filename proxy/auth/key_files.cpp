#include "proxy/auth/key_files.hpp"

#include "proxy/auth/crypto.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace qproxy::auth {

namespace {

using bio_ptr = std::unique_ptr<BIO, decltype(&BIO_free)>;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

std::shared_ptr<EVP_PKEY> generate_rsa() {
    EVP_PKEY* key = EVP_RSA_gen(2048);
    if (!key) fail("RSA key generation failed");
    return {key, EVP_PKEY_free};
}

void write_file(const std::filesystem::path& path, const std::string& text, bool secret) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) fail("cannot write " + path.string());
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    if (secret) std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    return {data, static_cast<std::size_t>(n)};
}

std::string private_pem(EVP_PKEY* key) {
    bio_ptr bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)) fail("PEM write failed");
    return bio_text(bio.get());
}

std::string public_key_pem(EVP_PKEY* key) {
    bio_ptr bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!PEM_write_bio_PUBKEY(bio.get(), key)) fail("PEM write failed");
    return bio_text(bio.get());
}

std::shared_ptr<EVP_PKEY> read_private(const std::filesystem::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) fail("cannot read " + path.string());
    EVP_PKEY* key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (!key) fail("not a PEM private key: " + path.string());
    return {key, EVP_PKEY_free};
}

// A self-signed certificate valid for ten years, like MySQL's auto-generated one.
std::string self_signed_cert(EVP_PKEY* key) {
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    std::array<std::uint8_t, 8> raw{};
    random_bytes(raw);
    std::uint64_t serial = 0;
    for (auto b : raw) serial = serial << 8 | b;
    ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), (serial >> 1) | 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("qproxy_auto_generated_cert"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (!X509_sign(cert.get(), key, EVP_sha256())) fail("certificate signing failed");
    bio_ptr bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(bio.get(), cert.get());
    return bio_text(bio.get());
}

}  // namespace

rsa_key rsa_key::load_or_create(const std::filesystem::path& dir) {
    auto priv = dir / "private_key.pem";
    rsa_key k;
    if (std::filesystem::exists(priv)) {
        k.key_ = read_private(priv);
    } else {
        k.key_ = generate_rsa();
        write_file(priv, private_pem(k.key_.get()), true);
    }
    k.public_pem_ = public_key_pem(k.key_.get());
    write_file(dir / "public_key.pem", k.public_pem_, false);
    return k;
}

std::optional<std::string> rsa_key::decrypt(std::span<const std::uint8_t> cipher) const {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key_.get(), nullptr),
                                                                     EVP_PKEY_CTX_free);
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0)
        return std::nullopt;
    std::size_t len = 0;
    if (EVP_PKEY_decrypt(ctx.get(), nullptr, &len, cipher.data(), cipher.size()) <= 0) return std::nullopt;
    std::string out(len, '\0');
    if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, cipher.data(),
                         cipher.size()) <= 0)
        return std::nullopt;
    out.resize(len);
    return out;
}

tls_files ensure_tls_files(const std::filesystem::path& dir, const std::string& cert, const std::string& key) {
    if (!cert.empty() || !key.empty()) {
        if (cert.empty() || key.empty()) fail("proxy.ssl_cert and proxy.ssl_key must be given together");
        return {cert, key};
    }
    tls_files files{dir / "server-cert.pem", dir / "server-key.pem"};
    if (!std::filesystem::exists(files.cert) || !std::filesystem::exists(files.key)) {
        auto k = generate_rsa();
        write_file(files.key, private_pem(k.get()), true);
        write_file(files.cert, self_signed_cert(k.get()), false);
    }
    return files;
}

}  // namespace qproxy::auth
