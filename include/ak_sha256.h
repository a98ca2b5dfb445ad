/*
 * ak_sha256: SHA-256 checksums (FIPS 180-4) of the input and of the
 * files a run writes (the manifest, the outputs that show the input's).
 * Behind this interface: OpenSSL's libcrypto, which uses the processor's
 * SHA extensions where there are any (the bench's 245 MB input: 0.19 s of
 * CPU against 0.89 s with GLib's GChecksum; every report hashes its
 * input whole).
 *
 * The state lives in the caller's struct; its library context is
 * allocated by libcrypto (not through ak_mem.h: like GLib's, it is outside
 * the fault injection), and freed by ak_sha256_done().
 */
#ifndef AK_SHA256_H
#define AK_SHA256_H

#include <stddef.h>

typedef struct ak_sha256 {
    void *ctx;        /* the library's; NULL when not started */
    int done;
    char hex[65];
} ak_sha256;

/* Start a checksum over no bytes in *h; 0, or -1 when out of memory (then
 * *h holds nothing to free, and ak_sha256_done() is still allowed). */
int ak_sha256_init(ak_sha256 *h);
/* Add n bytes at p (after ak_sha256_hex(): ignored). */
void ak_sha256_update(ak_sha256 *h, const void *p, size_t n);
/* The checksum of the bytes added, as 64 lower-case hex digits and a NUL,
 * into hex (the same digits on later calls; "" if h was never started). */
void ak_sha256_hex(ak_sha256 *h, char hex[65]);
/* Free what ak_sha256_init() allocated (any state: started or not). */
void ak_sha256_done(ak_sha256 *h);

#endif
