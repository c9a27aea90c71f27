/*
 * What the OpenPACE chip and terminal programs share: hex lines, byte buffers, BER-TLV, the
 * secure-messaging MAC input. Header-only: each program is one translation unit.
 */
#ifndef HARNESS_UTIL_H
#define HARNESS_UTIL_H

#include <eac/eac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_APDU 70000

/* Exported by libeac.so.3 but missing from its installed headers (src/eac_lib.h upstream):
 * derives k_enc/k_mac from the shared secret; a NULL nonce is Chip Authentication v1. */
int KA_CTX_derive_keys(KA_CTX *ka_ctx, const BUF_MEM *nonce, EVP_MD_CTX *md_ctx);
/* Likewise: a fresh key pair in the context's domain parameters; returns the public key. */
BUF_MEM *KA_CTX_generate_key(const KA_CTX *ctx, BN_CTX *bn_ctx);

/* --- bytes ----------------------------------------------------------------------------- */
static void print_hex(FILE *out, const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%02X", p[i]);
}

static size_t from_hex(const char *text, unsigned char *out, size_t cap) {
    size_t n = 0;
    while (text[0] && text[1] && n < cap) {
        unsigned int b;
        if (sscanf(text, "%2x", &b) != 1)
            break;
        out[n++] = (unsigned char)b;
        text += 2;
    }
    return n;
}

struct buf {
    unsigned char data[MAX_APDU];
    size_t len;
};

static void put(struct buf *b, const void *p, size_t n) {
    if (b->len + n > sizeof b->data) {
        fprintf(stderr, "openpace_chip: answer too long\n");
        exit(2);
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_tlv(struct buf *b, unsigned int tag, const void *value, size_t n) {
    unsigned char head[6];
    size_t h = 0;
    if (tag > 0xFF)
        head[h++] = (unsigned char)(tag >> 8);
    head[h++] = (unsigned char)tag;
    if (n < 0x80) {
        head[h++] = (unsigned char)n;
    } else if (n < 0x100) {
        head[h++] = 0x81;
        head[h++] = (unsigned char)n;
    } else {
        head[h++] = 0x82;
        head[h++] = (unsigned char)(n >> 8);
        head[h++] = (unsigned char)n;
    }
    put(b, head, h);
    put(b, value, n);
}

/* One BER-TLV object at p[0..n): its tag, value and total length; 0 if it does not parse. */
static size_t get_tlv(const unsigned char *p, size_t n, unsigned int *tag,
                      const unsigned char **value, size_t *value_len) {
    size_t i = 0, len;
    if (n < 2)
        return 0;
    *tag = p[i++];
    if ((*tag & 0x1F) == 0x1F)
        *tag = (*tag << 8) | p[i++];
    if (i >= n)
        return 0;
    len = p[i++];
    if (len == 0x81 && i < n) {
        len = p[i++];
    } else if (len == 0x82 && i + 1 < n) {
        len = ((size_t)p[i] << 8) | p[i + 1];
        i += 2;
    } else if (len > 0x80) {
        return 0;
    }
    if (i + len > n)
        return 0;
    *value = p + i;
    *value_len = len;
    return i + len;
}

/* The value of `tag` among the objects in p[0..n), or NULL. */
static const unsigned char *find_tlv(const unsigned char *p, size_t n, unsigned int tag,
                                     size_t *len, const unsigned char **whole,
                                     size_t *whole_len) {
    size_t off = 0;
    while (off < n) {
        unsigned int t;
        const unsigned char *v;
        size_t vl, used = get_tlv(p + off, n - off, &t, &v, &vl);
        if (!used)
            return NULL;
        if (t == tag) {
            *len = vl;
            if (whole) {
                *whole = p + off;
                *whole_len = used;
            }
            return v;
        }
        off += used;
    }
    return NULL;
}

static BUF_MEM *mem(const unsigned char *p, size_t n) {
    BUF_MEM *m = BUF_MEM_new();
    if (!m || !BUF_MEM_grow(m, n ? n : 1)) {
        fprintf(stderr, "openpace_chip: out of memory\n");
        exit(2);
    }
    memcpy(m->data, p, n);
    m->length = n;
    return m;
}

/* MAC(SSC || pad(m)) with the context's current keys and counter (TR-03110 / ICAO SM). */
static BUF_MEM *mac_of(const EAC_CTX *ctx, const struct buf *m) {
    BUF_MEM *in = mem(m->data, m->len), *padded = EAC_add_iso_pad(ctx, in), *mac;
    mac = padded ? EAC_authenticate(ctx, padded) : NULL;
    BUF_MEM_free(in);
    BUF_MEM_free(padded);
    return mac;
}

/* pad(header) for the command MAC input. */
static void put_padded_header(const EAC_CTX *ctx, struct buf *m, const unsigned char header[4]) {
    BUF_MEM *h = mem(header, 4), *padded = EAC_add_iso_pad(ctx, h);
    put(m, padded->data, padded->length);
    BUF_MEM_free(h);
    BUF_MEM_free(padded);
}

#endif
