#include "daemon/cloud/tls_verifier.h"

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <memory>

namespace printlink::daemon::cloud {
namespace {

struct X509Deleter {
    void operator()(X509* p) const { X509_free(p); }
};
struct StoreDeleter {
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct StoreCtxDeleter {
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
struct StackDeleter {
    void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};
struct CredentialsDeleter {
    void operator()(cups_array_t* p) const { httpFreeCredentials(p); }
};

bool is_ip_literal(const std::string& host) {
    unsigned char buf[16];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

Error tls_error(const std::string& host, const std::string& why) {
    return make_error(ErrorCode::Network, "TLS certificate of " + host + " not trusted: " + why);
}

}  // namespace

Status TlsVerifier::verify(http_t* http, const std::string& host) const {
    cups_array_t* raw = nullptr;
    if (httpCopyCredentials(http, &raw) != 0 || !raw) {
        return tls_error(host, "the server sent no certificate");
    }
    std::unique_ptr<cups_array_t, CredentialsDeleter> credentials(raw);

    // The first certificate is the server's; the rest are the intermediates it sent.
    std::unique_ptr<X509, X509Deleter> leaf;
    std::unique_ptr<STACK_OF(X509), StackDeleter> chain(sk_X509_new_null());
    for (auto* c = static_cast<http_credential_t*>(cupsArrayFirst(credentials.get())); c;
         c = static_cast<http_credential_t*>(cupsArrayNext(credentials.get()))) {
        const auto* der = static_cast<const unsigned char*>(c->data);
        X509* cert = d2i_X509(nullptr, &der, static_cast<long>(c->datalen));
        if (!cert) return tls_error(host, "unreadable certificate");
        if (!leaf) {
            leaf.reset(cert);
        } else {
            sk_X509_push(chain.get(), cert);
        }
    }
    if (!leaf) return tls_error(host, "the server sent no certificate");

    std::unique_ptr<X509_STORE, StoreDeleter> store(X509_STORE_new());
    if (!store || X509_STORE_set_default_paths(store.get()) != 1) {
        return tls_error(host, "cannot load the system trust store");
    }
    if (!ca_file_.empty() && X509_STORE_load_file(store.get(), ca_file_.c_str()) != 1) {
        return tls_error(host, "cannot load CA file " + ca_file_);
    }
    std::unique_ptr<X509_STORE_CTX, StoreCtxDeleter> ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), chain.get()) != 1) {
        return tls_error(host, "cannot set up verification");
    }
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    const int name_ok = is_ip_literal(host) ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                                            : X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
    if (name_ok != 1) return tls_error(host, "cannot check the host name");
    if (X509_verify_cert(ctx.get()) != 1) {
        return tls_error(host, X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
    }
    return Ok{};
}

}  // namespace printlink::daemon::cloud
