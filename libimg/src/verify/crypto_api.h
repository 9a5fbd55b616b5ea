// The OpenSSL digest functions that --hash needs, resolved from libcrypto when the
// first digest is taken (see img/lazy_library.h).
#pragma once

#include <openssl/evp.h>

#include "img/support/error.h"

namespace img {

struct CryptoApi {
    decltype(&::EVP_MD_CTX_new) md_ctx_new;
    decltype(&::EVP_MD_CTX_free) md_ctx_free;
    decltype(&::EVP_sha256) sha256;
    decltype(&::EVP_DigestInit_ex) digest_init;
    decltype(&::EVP_DigestUpdate) digest_update;
    decltype(&::EVP_DigestFinal_ex) digest_final;
};

// Loads libcrypto on first call; an Error says it cannot be loaded.
Expected<const CryptoApi*> crypto_api();

}  // namespace img
