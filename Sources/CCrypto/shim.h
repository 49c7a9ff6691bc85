#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>

// Writes the SHA-256 of `count` bytes into `digest` without touching the
// heap. In OpenSSL 3, SHA256() runs through EVP_Q_digest, which fetches
// the algorithm and allocates a context on every call (3 mallocs). The
// low-level functions keep their state on the stack. They are deprecated
// in OpenSSL 3.0 but still part of its API.
static inline void ccrypto_sha256(const unsigned char *bytes, size_t count, unsigned char *digest) {
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, bytes, count);
    SHA256_Final(digest, &context);
#pragma clang diagnostic pop
}
