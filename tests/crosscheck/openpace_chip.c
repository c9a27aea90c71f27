/*
 * A chip (PICC) built on OpenPACE's libeac, for checking our reader against an independent
 * implementation of PACE, Chip Authentication v1 and secure messaging.
 *
 *   openpace_chip PACE_OID PARAMETER_ID PASSWORD [CA_OID CA_PARAMETER_ID]
 *
 * PASSWORD is the CAN, or "MRZ:" and the two first lines of an ID card's (TD1) MRZ, from which
 * OpenPACE takes document number, date of birth and date of expiry itself.
 *
 * It reads one command APDU per line (hex) on stdin and answers one response APDU per line
 * (hex, data then status word) on stdout. Before PACE it answers MSE:SET AT and the four
 * GENERAL AUTHENTICATE steps; afterwards every command must be protected by secure messaging,
 * which this program checks and removes with OpenPACE (EAC_authenticate, EAC_decrypt) before
 * it answers in kind. Inside secure messaging it runs Chip Authentication v1 (MSE:Set KAT, or
 * MSE:Set AT + GENERAL AUTHENTICATE) with a static key OpenPACE generates, and answers
 * READ BINARY with the bytes (offset + i) mod 256; any other command gets 9000.
 *
 * Lines starting with '#' ask about the run instead:
 *   #ca-public   the static Chip Authentication public key
 *   #keys        k_enc and k_mac of the current secure-messaging keys
 *   #secret      the shared secret of the last key agreement (PACE or CA)
 *   #last        the last unprotected command: INS P1 P2, data and Le
 * A protocol failure answers with a status word and is also reported on stderr.
 */
#include <eac/ca.h>
#include <eac/eac.h>
#include <eac/objects.h>
#include <eac/pace.h>
#include <openssl/objects.h>

#include "harness_util.h"

#define FAIL(...) do { fail(__VA_ARGS__); return; } while (0)
#define DIE(...) do { state = DEAD; fail(__VA_ARGS__); return; } while (0)
#define ANSWER(...) do { answer(__VA_ARGS__); return; } while (0)

enum state { BEFORE_PACE, PACE_RUNNING, PROTECTED, DEAD };

static EAC_CTX *ctx;
static PACE_SEC *secret;
static int pace_nid, ca_nid;
static enum s_type password_type = PACE_CAN;
static enum state state = BEFORE_PACE;
static int pace_step;
static BUF_MEM *pcd_ephemeral;
static BUF_MEM *ca_public;
static int ca_pending; /* MSE:Set AT for CA seen */
static char last_command[2 * MAX_APDU + 64] = "none";

/* --- commands -------------------------------------------------------------------------- */
struct command {
    unsigned char cla, ins, p1, p2;
    const unsigned char *data;
    size_t nc;
    size_t ne; /* 0: no Le */
};

static int parse_command(const unsigned char *raw, size_t n, struct command *c) {
    const unsigned char *body = raw + 4;
    size_t b = n - 4;
    if (n < 4)
        return 0;
    c->cla = raw[0], c->ins = raw[1], c->p1 = raw[2], c->p2 = raw[3];
    c->data = NULL, c->nc = 0, c->ne = 0;
    if (b == 0)
        return 1;
    if (b == 1) {
        c->ne = body[0] ? body[0] : 256;
        return 1;
    }
    if (body[0] != 0) { /* short */
        c->nc = body[0];
        if (b != 1 + c->nc && b != 2 + c->nc)
            return 0;
        c->data = body + 1;
        if (b == 2 + c->nc)
            c->ne = body[1 + c->nc] ? body[1 + c->nc] : 256;
        return 1;
    }
    if (b == 3) {
        c->ne = ((size_t)body[1] << 8 | body[2]);
        c->ne = c->ne ? c->ne : 65536;
        return 1;
    }
    c->nc = (size_t)body[1] << 8 | body[2];
    if (b != 3 + c->nc && b != 5 + c->nc)
        return 0;
    c->data = body + 3;
    if (b == 5 + c->nc) {
        c->ne = (size_t)body[3 + c->nc] << 8 | body[4 + c->nc];
        c->ne = c->ne ? c->ne : 65536;
    }
    return 1;
}

static void answer(struct buf *out, const struct buf *data, unsigned int sw) {
    if (data)
        put(out, data->data, data->len);
    unsigned char s[2] = {(unsigned char)(sw >> 8), (unsigned char)sw};
    put(out, s, 2);
}

static int oid_is(const unsigned char *der, size_t n, int nid) {
    ASN1_OBJECT *obj = OBJ_nid2obj(nid);
    return obj && (size_t)OBJ_length(obj) == n && memcmp(OBJ_get0_data(obj), der, n) == 0;
}

/* GENERAL AUTHENTICATE '7C' { tag value } -> value */
static const unsigned char *dynamic_data(const struct command *c, unsigned int tag, size_t *len) {
    size_t inner_len;
    const unsigned char *inner = find_tlv(c->data, c->nc, 0x7C, &inner_len, NULL, NULL);
    if (!inner)
        return NULL;
    return find_tlv(inner, inner_len, tag, len, NULL, NULL);
}

static void dynamic_answer(struct buf *out, unsigned int tag, const BUF_MEM *value) {
    struct buf inner = {.len = 0}, outer = {.len = 0};
    if (value)
        put_tlv(&inner, tag, value->data, value->length);
    put_tlv(&outer, 0x7C, inner.data, inner.len);
    answer(out, &outer, 0x9000);
}

static void fail(struct buf *out, unsigned int sw, const char *why) {
    fprintf(stderr, "openpace_chip: %s\n", why);
    answer(out, NULL, sw);
}

/* PACE before secure messaging: MSE:SET AT, then GENERAL AUTHENTICATE steps 1 to 4. */
static void pace(const struct command *c, struct buf *out) {
    size_t len;
    const unsigned char *v;
    BUF_MEM *in, *mine;
    if (c->ins == 0x22 && c->p1 == 0xC1 && c->p2 == 0xA4) {
        const unsigned char *oid = find_tlv(c->data, c->nc, 0x80, &len, NULL, NULL);
        size_t pw_len;
        const unsigned char *pw = find_tlv(c->data, c->nc, 0x83, &pw_len, NULL, NULL);
        if (!oid || !oid_is(oid, len, pace_nid))
            FAIL(out, 0x6A80, "MSE:SET AT names another protocol");
        /* The password references of 9303-11 (1 MRZ, 2 CAN) are OpenPACE's s_type values. */
        if (!pw || pw_len != 1 || pw[0] != password_type)
            FAIL(out, 0x6A80, "MSE:SET AT names another password");
        state = PACE_RUNNING;
        pace_step = 1;
        ANSWER(out, NULL, 0x9000);
    }
    if (state != PACE_RUNNING || c->ins != 0x86)
        FAIL(out, 0x6985, "command out of order before secure messaging");
    if ((pace_step < 4) != ((c->cla & 0x10) != 0))
        FAIL(out, 0x6883, "command chaining bit wrong for this step");
    switch (pace_step++) {
    case 1:
        mine = PACE_STEP1_enc_nonce(ctx, secret);
        if (!mine)
            FAIL(out, 0x6F00, "PACE_STEP1_enc_nonce failed");
        dynamic_answer(out, 0x80, mine);
        BUF_MEM_free(mine);
        return;
    case 2:
        if (!(v = dynamic_data(c, 0x81, &len)))
            FAIL(out, 0x6A80, "no mapping data (81)");
        mine = PACE_STEP3A_generate_mapping_data(ctx);
        in = mem(v, len);
        if (!mine || !PACE_STEP3A_map_generator(ctx, in))
            FAIL(out, 0x6A80, "PACE_STEP3A_map_generator refused the mapping data");
        BUF_MEM_free(in);
        dynamic_answer(out, 0x82, mine);
        BUF_MEM_free(mine);
        return;
    case 3:
        if (!(v = dynamic_data(c, 0x83, &len)))
            FAIL(out, 0x6A80, "no ephemeral public key (83)");
        pcd_ephemeral = mem(v, len);
        mine = PACE_STEP3B_generate_ephemeral_key(ctx);
        if (!mine || !PACE_STEP3B_compute_shared_secret(ctx, pcd_ephemeral) ||
            !PACE_STEP3C_derive_keys(ctx))
            FAIL(out, 0x6A80, "PACE_STEP3B/3C refused the ephemeral key");
        dynamic_answer(out, 0x84, mine);
        BUF_MEM_free(mine);
        return;
    case 4:
        if (!(v = dynamic_data(c, 0x85, &len)))
            FAIL(out, 0x6A80, "no authentication token (85)");
        in = mem(v, len);
        if (PACE_STEP3D_verify_authentication_token(ctx, in) != 1) {
            state = DEAD;
            FAIL(out, 0x6300, "the reader's PACE token does not verify");
        }
        BUF_MEM_free(in);
        mine = PACE_STEP3D_compute_authentication_token(ctx, pcd_ephemeral);
        if (!mine || !EAC_CTX_set_encryption_ctx(ctx, EAC_ID_PACE))
            FAIL(out, 0x6F00, "PACE_STEP3D / EAC_CTX_set_encryption_ctx failed");
        dynamic_answer(out, 0x86, mine);
        BUF_MEM_free(mine);
        state = PROTECTED;
        return;
    default:
        FAIL(out, 0x6985, "PACE already done");
    }
}

/* Chip Authentication v1 with the static key: shared secret, then keys without a nonce. */
static int ca_agree(const unsigned char *pub, size_t len) {
    BUF_MEM *in = mem(pub, len);
    int ok = CA_STEP4_compute_shared_secret(ctx, in) &&
             KA_CTX_derive_keys(ctx->ca_ctx->ka_ctx, NULL, ctx->md_ctx);
    BUF_MEM_free(in);
    return ok;
}

/* One unprotected command inside secure messaging; *rekey set when CA completed. */
static void inside(const struct command *c, struct buf *out, int *rekey) {
    size_t len;
    const unsigned char *v;
    *rekey = 0;
    if (ca_nid && c->ins == 0x22 && c->p1 == 0x41 && c->p2 == 0xA6) { /* MSE:Set KAT */
        if (!(v = find_tlv(c->data, c->nc, 0x91, &len, NULL, NULL)))
            FAIL(out, 0x6A80, "MSE:Set KAT without 91");
        if (!ca_agree(v, len))
            FAIL(out, 0x6A80, "CA key agreement failed");
        *rekey = 1;
        ANSWER(out, NULL, 0x9000);
    }
    if (ca_nid && c->ins == 0x22 && c->p1 == 0x41 && c->p2 == 0xA4) { /* MSE:Set AT */
        if (!(v = find_tlv(c->data, c->nc, 0x80, &len, NULL, NULL)) || !oid_is(v, len, ca_nid))
            FAIL(out, 0x6A80, "MSE:Set AT names another CA protocol");
        ca_pending = 1;
        ANSWER(out, NULL, 0x9000);
    }
    if (ca_nid && c->ins == 0x86) {
        if (!ca_pending)
            FAIL(out, 0x6985, "GENERAL AUTHENTICATE without MSE:Set AT");
        ca_pending = 0;
        if (!(v = dynamic_data(c, 0x80, &len)))
            FAIL(out, 0x6A80, "GENERAL AUTHENTICATE without 80");
        if (!ca_agree(v, len))
            FAIL(out, 0x6A80, "CA key agreement failed");
        *rekey = 1;
        dynamic_answer(out, 0, NULL);
        return;
    }
    if (c->ins == 0xB0) {
        struct buf data = {.len = 0};
        size_t offset = (size_t)c->p1 << 8 | c->p2;
        for (size_t i = 0; i < c->ne; i++) {
            unsigned char b = (unsigned char)(offset + i);
            put(&data, &b, 1);
        }
        ANSWER(out, &data, 0x9000);
    }
    answer(out, NULL, 0x9000);
}

/* Secure messaging: check and remove the protection, answer, protect the answer. */
static void protected_command(const struct command *c, struct buf *out) {
    size_t len87 = 0, len97 = 0, len8e = 0, w87 = 0, w97 = 0;
    const unsigned char *whole87 = NULL, *whole97 = NULL;
    const unsigned char *v87, *v97, *v8e;
    unsigned int odd = c->ins & 1;
    struct buf m = {.len = 0}, plain_data = {.len = 0}, reply = {.len = 0};
    struct command inner = *c;
    BUF_MEM *mac, *ct, *padded, *plain;
    int rekey;

    if ((c->cla & 0x0C) != 0x0C)
        DIE(out, 0x6987, "unprotected command inside secure messaging");
    v87 = find_tlv(c->data, c->nc, odd ? 0x85 : 0x87, &len87, &whole87, &w87);
    v97 = find_tlv(c->data, c->nc, 0x97, &len97, &whole97, &w97);
    v8e = find_tlv(c->data, c->nc, 0x8E, &len8e, NULL, NULL);
    if (!v8e)
        DIE(out, 0x6987, "no MAC (8E)");
    EAC_increment_ssc(ctx);
    unsigned char header[4] = {c->cla, c->ins, c->p1, c->p2};
    put_padded_header(ctx, &m, header);
    if (whole87)
        put(&m, whole87, w87);
    if (whole97)
        put(&m, whole97, w97);
    mac = mac_of(ctx, &m);
    if (!mac || mac->length != len8e || memcmp(mac->data, v8e, len8e) != 0)
        DIE(out, 0x6988, "the command's MAC does not verify");
    BUF_MEM_free(mac);
    if (v87) {
        const unsigned char *ct_start = odd ? v87 : v87 + 1;
        size_t ct_len = odd ? len87 : len87 - 1;
        if (!odd && (len87 < 1 || v87[0] != 0x01))
            DIE(out, 0x6988, "87 without padding indicator 01");
        ct = mem(ct_start, ct_len);
        padded = EAC_decrypt(ctx, ct);
        plain = padded ? EAC_remove_iso_pad(padded) : NULL;
        if (!plain)
            DIE(out, 0x6988, "the command's data do not decrypt");
        put(&plain_data, plain->data, plain->length);
        BUF_MEM_free(ct);
        BUF_MEM_free(padded);
        BUF_MEM_free(plain);
    }
    inner.cla = c->cla & ~0x0C;
    inner.data = plain_data.data;
    inner.nc = plain_data.len;
    inner.ne = 0;
    if (v97) {
        size_t le = 0;
        for (size_t i = 0; i < len97; i++)
            le = le << 8 | v97[i];
        inner.ne = le ? le : (len97 == 1 ? 256 : 65536);
    }
    {
        char *p = last_command;
        p += sprintf(p, "%02X%02X%02X ", inner.ins, inner.p1, inner.p2);
        for (size_t i = 0; i < inner.nc; i++)
            p += sprintf(p, "%02X", inner.data[i]);
        sprintf(p, " %zu", inner.ne);
    }

    inside(&inner, &reply, &rekey);
    /* reply = data || SW; protect it with the keys the command came under */
    unsigned int sw = reply.data[reply.len - 2] << 8 | reply.data[reply.len - 1];
    size_t data_len = reply.len - 2;
    struct buf protected_reply = {.len = 0}, mac_in = {.len = 0};
    EAC_increment_ssc(ctx);
    if (data_len) {
        BUF_MEM *d = mem(reply.data, data_len), *dp = EAC_add_iso_pad(ctx, d);
        BUF_MEM *enc = dp ? EAC_encrypt(ctx, dp) : NULL;
        struct buf v = {.len = 0};
        unsigned char one = 0x01;
        if (!enc)
            DIE(out, 0x6F00, "EAC_encrypt failed");
        put(&v, &one, 1);
        put(&v, enc->data, enc->length);
        put_tlv(&protected_reply, 0x87, v.data, v.len);
        BUF_MEM_free(d);
        BUF_MEM_free(dp);
        BUF_MEM_free(enc);
    }
    unsigned char swb[2] = {(unsigned char)(sw >> 8), (unsigned char)sw};
    put_tlv(&protected_reply, 0x99, swb, 2);
    put(&mac_in, protected_reply.data, protected_reply.len);
    mac = mac_of(ctx, &mac_in);
    if (!mac)
        DIE(out, 0x6F00, "EAC_authenticate failed");
    put_tlv(&protected_reply, 0x8E, mac->data, mac->length);
    BUF_MEM_free(mac);
    answer(out, &protected_reply, sw);
    if (rekey && !EAC_CTX_set_encryption_ctx(ctx, EAC_ID_CA)) {
        fprintf(stderr, "openpace_chip: EAC_CTX_set_encryption_ctx(CA) failed\n");
        state = DEAD;
    }
}

static void query(const char *line) {
    const KA_CTX *ka;
    if (strncmp(line, "#ca-public", 10) == 0 && ca_public) {
        print_hex(stdout, (unsigned char *)ca_public->data, ca_public->length);
    } else if (strncmp(line, "#keys", 5) == 0 && ctx->key_ctx && ctx->key_ctx->k_enc) {
        print_hex(stdout, (unsigned char *)ctx->key_ctx->k_enc->data, ctx->key_ctx->k_enc->length);
        fputc(' ', stdout);
        print_hex(stdout, (unsigned char *)ctx->key_ctx->k_mac->data, ctx->key_ctx->k_mac->length);
    } else if (strncmp(line, "#secret", 7) == 0) {
        ka = ctx->key_ctx && ctx->key_ctx->shared_secret ? ctx->key_ctx : ctx->pace_ctx->ka_ctx;
        if (ka && ka->shared_secret)
            print_hex(stdout, (unsigned char *)ka->shared_secret->data, ka->shared_secret->length);
        else
            fputs("none", stdout);
    } else if (strncmp(line, "#last", 5) == 0) {
        fputs(last_command, stdout);
    } else {
        fputs("?", stdout);
    }
    fputc('\n', stdout);
}

static int nid_of(const char *dotted) {
    ASN1_OBJECT *obj = OBJ_txt2obj(dotted, 1);
    int nid = obj ? OBJ_obj2nid(obj) : NID_undef;
    ASN1_OBJECT_free(obj);
    return nid;
}

int main(int argc, char **argv) {
    static char line[2 * MAX_APDU + 16];
    static unsigned char raw[MAX_APDU];
    if (argc != 4 && argc != 6) {
        fprintf(stderr, "usage: %s PACE_OID PARAMETER_ID PASSWORD [CA_OID CA_PARAMETER_ID]\n",
                argv[0]);
        return 2;
    }
    EAC_init();
    ctx = EAC_CTX_new();
    pace_nid = nid_of(argv[1]);
    if (!ctx || pace_nid == NID_undef || !EAC_CTX_init_pace(ctx, pace_nid, atoi(argv[2]))) {
        fprintf(stderr, "openpace_chip: OpenPACE does not support PACE %s on %s\n", argv[1],
                argv[2]);
        return 3;
    }
    {
        const char *password = argv[3];
        if (strncmp(password, "MRZ:", 4) == 0) {
            password_type = PACE_MRZ;
            password += 4;
        }
        secret = PACE_SEC_new(password, strlen(password), password_type);
        if (!secret) {
            fprintf(stderr, "openpace_chip: OpenPACE refused the password\n");
            return 3;
        }
    }
    if (argc == 6) {
        ca_nid = nid_of(argv[4]);
        if (ca_nid == NID_undef || !EAC_CTX_init_ca(ctx, ca_nid, atoi(argv[5]))) {
            fprintf(stderr, "openpace_chip: OpenPACE does not support CA %s on %s\n", argv[4],
                    argv[5]);
            return 3;
        }
        /* On the chip's side, generating a key on the CA context makes it the static key. */
        ca_public = KA_CTX_generate_key(ctx->ca_ctx->ka_ctx, ctx->bn_ctx);
        if (!ca_public) {
            fprintf(stderr, "openpace_chip: no CA key\n");
            return 3;
        }
    }
    puts("ready");
    fflush(stdout);
    while (fgets(line, sizeof line, stdin)) {
        struct command c;
        struct buf out = {.len = 0};
        size_t n;
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == '#') {
            query(line);
            fflush(stdout);
            continue;
        }
        n = from_hex(line, raw, sizeof raw);
        if (!parse_command(raw, n, &c))
            fail(&out, 0x6700, "command APDU does not parse");
        else if (state == DEAD)
            fail(&out, 0x6985, "session ended");
        else if (state == PROTECTED)
            protected_command(&c, &out);
        else
            pace(&c, &out);
        print_hex(stdout, out.data, out.len);
        fputc('\n', stdout);
        fflush(stdout);
    }
    PACE_SEC_clear_free(secret);
    EAC_CTX_clear_free(ctx);
    EAC_cleanup();
    return 0;
}
