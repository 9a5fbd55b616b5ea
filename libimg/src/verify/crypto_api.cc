#include "crypto_api.h"

#include "img/support/lazy_library.h"

namespace img {

namespace {

Expected<CryptoApi> load() {
    static LazyLibrary lib(IMG_LIBCRYPTO_SONAME, "hashing (--hash)");
    CryptoApi a{};
    std::optional<Error> err;
    lib.bind(a.md_ctx_new, "EVP_MD_CTX_new", err);
    lib.bind(a.md_ctx_free, "EVP_MD_CTX_free", err);
    lib.bind(a.sha256, "EVP_sha256", err);
    lib.bind(a.digest_init, "EVP_DigestInit_ex", err);
    lib.bind(a.digest_update, "EVP_DigestUpdate", err);
    lib.bind(a.digest_final, "EVP_DigestFinal_ex", err);
    if (err) return *err;
    return a;
}

}  // namespace

Expected<const CryptoApi*> crypto_api() {
    static const Expected<CryptoApi> api = load();
    if (!api) return api.error();
    return &*api;
}

}  // namespace img
