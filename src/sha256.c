/*
 * SHA-256 through OpenSSL's libcrypto (include/ak_sha256.h): the only
 * file that includes OpenSSL.
 */
#include "ak_sha256.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

int ak_sha256_init(ak_sha256 *h)
{
    memset(h, 0, sizeof *h);
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c)
        return -1;
    if (EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(c);
        return -1;
    }
    h->ctx = c;
    return 0;
}

void ak_sha256_update(ak_sha256 *h, const void *p, size_t n)
{
    if (h->ctx && !h->done && n)
        EVP_DigestUpdate(h->ctx, p, n);
}

void ak_sha256_hex(ak_sha256 *h, char hex[65])
{
    if (h->ctx && !h->done) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        if (EVP_DigestFinal_ex(h->ctx, md, &len) != 1 || len != 32)
            len = 0;
        for (unsigned int i = 0; i < len; i++)
            snprintf(h->hex + 2 * i, 3, "%02x", md[i]);
        h->hex[2 * len] = '\0';
        h->done = 1;
    }
    snprintf(hex, 65, "%s", h->hex);
}

void ak_sha256_done(ak_sha256 *h)
{
    EVP_MD_CTX_free(h->ctx);
    h->ctx = NULL;
}
