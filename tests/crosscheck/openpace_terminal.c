/*
 * A terminal (PCD) built on OpenPACE's libeac, for checking our virtual chip against an
 * independent implementation of PACE, Chip Authentication v1 and secure messaging.
 *
 *   openpace_terminal PACE_OID PARAMETER_ID CAN [CA_OID CA_PARAMETER_ID CA_PUBLIC_KEY]
 *
 * It runs PACE with the CAN, selects the eMRTD application and reads EF.COM through secure
 * messaging; with CA arguments it then runs Chip Authentication v1 against the chip's static
 * public key (hex) and reads EF.COM again under the new keys. Every command goes out as a
 * line "> APDU" (hex) on stdout and expects the chip's response APDU (hex) as one line on
 * stdin. Results come as "= NAME VALUE..." lines:
 *   = pace-keys K_ENC K_MAC     = ef-com-pace CONTENT
 *   = ca-keys K_ENC K_MAC       = ef-com-ca CONTENT
 *   = done
 * and a failure as "! REASON" (exit status 1).
 */
#include <eac/ca.h>
#include <eac/eac.h>
#include <eac/objects.h>
#include <eac/pace.h>
#include <openssl/objects.h>

#include "harness_util.h"

static EAC_CTX *ctx;
static char line[2 * MAX_APDU + 16];

static void die(const char *why) {
    printf("! %s\n", why);
    fflush(stdout);
    exit(1);
}

/* One APDU out, its answer in: fills `resp` with the data, returns the status word. */
static unsigned int transmit(const struct buf *cmd, struct buf *resp) {
    fputs("> ", stdout);
    print_hex(stdout, cmd->data, cmd->len);
    fputc('\n', stdout);
    fflush(stdout);
    if (!fgets(line, sizeof line, stdin))
        die("no answer on stdin");
    line[strcspn(line, "\r\n")] = 0;
    resp->len = from_hex(line, resp->data, sizeof resp->data);
    if (resp->len < 2)
        die("answer without a status word");
    resp->len -= 2;
    return (unsigned int)resp->data[resp->len] << 8 | resp->data[resp->len + 1];
}

/* A command APDU: header, Lc + data when there are data, Le (0 = none, 256 = all); extended
 * length (three-byte Lc, two-byte Le) when the data do not fit a short one, as for DH keys. */
static void build(struct buf *cmd, const unsigned char header[4], const struct buf *data,
                  size_t le) {
    int extended = data && data->len > 255;
    cmd->len = 0;
    put(cmd, header, 4);
    if (data && data->len) {
        unsigned char lc[3] = {0x00, (unsigned char)(data->len >> 8), (unsigned char)data->len};
        if (extended)
            put(cmd, lc, 3);
        else
            put(cmd, lc + 2, 1);
        put(cmd, data->data, data->len);
    }
    if (le) {
        /* 256 is "00" short; extended asks for up to 65536 with "00 00" */
        unsigned char l[2] = {extended ? (unsigned char)(le >> 8) : 0, (unsigned char)le};
        if (le == 256 && extended)
            l[0] = l[1] = 0;
        if (extended)
            put(cmd, l, 2);
        else
            put(cmd, l + 1, 1);
    }
}

static void print_keys(const char *name) {
    printf("= %s ", name);
    print_hex(stdout, (unsigned char *)ctx->key_ctx->k_enc->data, ctx->key_ctx->k_enc->length);
    fputc(' ', stdout);
    print_hex(stdout, (unsigned char *)ctx->key_ctx->k_mac->data, ctx->key_ctx->k_mac->length);
    fputc('\n', stdout);
}

/* --- PACE ------------------------------------------------------------------------------ */
static BUF_MEM *general_authenticate(int last, unsigned int tag, const BUF_MEM *value,
                                     unsigned int answer_tag) {
    struct buf inner = {.len = 0}, data = {.len = 0}, cmd, resp;
    unsigned char header[4] = {last ? 0x00 : 0x10, 0x86, 0x00, 0x00};
    const unsigned char *v, *outer;
    size_t len, outer_len;
    if (value)
        put_tlv(&inner, tag, value->data, value->length);
    put_tlv(&data, 0x7C, inner.data, inner.len);
    build(&cmd, header, &data, 256);
    if (transmit(&cmd, &resp) != 0x9000)
        die("the chip refused a PACE step");
    outer = find_tlv(resp.data, resp.len, 0x7C, &outer_len, NULL, NULL);
    if (!outer || !(v = find_tlv(outer, outer_len, answer_tag, &len, NULL, NULL)))
        die("PACE answer without its data object");
    return mem(v, len);
}

static void pace(int nid, const char *can) {
    PACE_SEC *secret = PACE_SEC_new(can, strlen(can), PACE_CAN);
    ASN1_OBJECT *obj = OBJ_nid2obj(nid);
    struct buf data = {.len = 0}, cmd, resp;
    unsigned char header[4] = {0x00, 0x22, 0xC1, 0xA4}, can_ref = PACE_CAN;
    BUF_MEM *nonce, *mine, *theirs, *pcd_eph, *picc_eph, *token;

    put_tlv(&data, 0x80, OBJ_get0_data(obj), (size_t)OBJ_length(obj));
    put_tlv(&data, 0x83, &can_ref, 1);
    build(&cmd, header, &data, 0);
    if (transmit(&cmd, &resp) != 0x9000)
        die("the chip refused MSE:SET AT");
    nonce = general_authenticate(0, 0, NULL, 0x80);
    if (!PACE_STEP2_dec_nonce(ctx, secret, nonce))
        die("PACE_STEP2_dec_nonce failed");
    mine = PACE_STEP3A_generate_mapping_data(ctx);
    theirs = general_authenticate(0, 0x81, mine, 0x82);
    if (!PACE_STEP3A_map_generator(ctx, theirs))
        die("PACE_STEP3A_map_generator refused the chip's mapping data");
    pcd_eph = PACE_STEP3B_generate_ephemeral_key(ctx);
    picc_eph = general_authenticate(0, 0x83, pcd_eph, 0x84);
    if (!PACE_STEP3B_compute_shared_secret(ctx, picc_eph) || !PACE_STEP3C_derive_keys(ctx))
        die("PACE_STEP3B/3C refused the chip's ephemeral key");
    token = PACE_STEP3D_compute_authentication_token(ctx, picc_eph);
    theirs = general_authenticate(1, 0x85, token, 0x86);
    if (PACE_STEP3D_verify_authentication_token(ctx, theirs) != 1)
        die("the chip's PACE token does not verify");
    if (!EAC_CTX_set_encryption_ctx(ctx, EAC_ID_PACE))
        die("EAC_CTX_set_encryption_ctx(PACE) failed");
    PACE_SEC_clear_free(secret);
}

/* --- secure messaging ------------------------------------------------------------------ */
static unsigned int protected_transmit(const unsigned char plain_header[4], const struct buf *data,
                                       size_t le, struct buf *out) {
    unsigned char header[4] = {plain_header[0] | 0x0C, plain_header[1], plain_header[2],
                               plain_header[3]};
    struct buf body = {.len = 0}, m = {.len = 0}, cmd, resp, r = {.len = 0};
    const unsigned char *v87, *v99, *v8e, *w87 = NULL, *w99 = NULL;
    size_t l87 = 0, l99 = 0, l8e = 0, n87 = 0, n99 = 0;
    BUF_MEM *mac;
    unsigned int sw;

    EAC_increment_ssc(ctx);
    if (data && data->len) {
        BUF_MEM *d = mem(data->data, data->len), *dp = EAC_add_iso_pad(ctx, d);
        BUF_MEM *enc = dp ? EAC_encrypt(ctx, dp) : NULL;
        struct buf v = {.len = 0};
        unsigned char one = 0x01;
        if (!enc)
            die("EAC_encrypt failed");
        put(&v, &one, 1);
        put(&v, enc->data, enc->length);
        put_tlv(&body, 0x87, v.data, v.len);
        BUF_MEM_free(d);
        BUF_MEM_free(dp);
        BUF_MEM_free(enc);
    }
    if (le) {
        unsigned char l = (unsigned char)(le == 256 ? 0 : le);
        put_tlv(&body, 0x97, &l, 1);
    }
    put_padded_header(ctx, &m, header);
    put(&m, body.data, body.len);
    mac = mac_of(ctx, &m);
    if (!mac)
        die("EAC_authenticate failed");
    put_tlv(&body, 0x8E, mac->data, mac->length);
    BUF_MEM_free(mac);
    build(&cmd, header, &body, 256);
    sw = transmit(&cmd, &resp);

    EAC_increment_ssc(ctx);
    v87 = find_tlv(resp.data, resp.len, 0x87, &l87, &w87, &n87);
    v99 = find_tlv(resp.data, resp.len, 0x99, &l99, &w99, &n99);
    v8e = find_tlv(resp.data, resp.len, 0x8E, &l8e, NULL, NULL);
    if (!v99 || !v8e || l99 != 2)
        die("protected answer without 99 or 8E");
    if (w87)
        put(&r, w87, n87);
    put(&r, w99, n99);
    mac = mac_of(ctx, &r);
    if (!mac || mac->length != l8e || memcmp(mac->data, v8e, l8e) != 0)
        die("the chip's answer MAC does not verify");
    BUF_MEM_free(mac);
    if ((unsigned int)(v99[0] << 8 | v99[1]) != sw)
        die("99 and the status word differ");
    out->len = 0;
    if (v87) {
        BUF_MEM *ct, *padded, *plain;
        if (l87 < 2 || v87[0] != 0x01)
            die("87 without padding indicator 01");
        ct = mem(v87 + 1, l87 - 1);
        padded = EAC_decrypt(ctx, ct);
        plain = padded ? EAC_remove_iso_pad(padded) : NULL;
        if (!plain)
            die("the chip's answer does not decrypt");
        put(out, plain->data, plain->length);
        BUF_MEM_free(ct);
        BUF_MEM_free(padded);
        BUF_MEM_free(plain);
    }
    return sw;
}

/* SELECT EF.COM in the eMRTD application and READ BINARY all of it. */
static void read_ef_com(const char *name) {
    static const unsigned char aid[] = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
    static const unsigned char fid[] = {0x01, 0x1E};
    unsigned char select_app[4] = {0x00, 0xA4, 0x04, 0x0C}, select_ef[4] = {0x00, 0xA4, 0x02, 0x0C};
    struct buf data = {.len = 0}, out, content = {.len = 0};
    size_t total;
    put(&data, aid, sizeof aid);
    if (protected_transmit(select_app, &data, 0, &out) != 0x9000)
        die("SELECT of the eMRTD application refused");
    data.len = 0;
    put(&data, fid, sizeof fid);
    if (protected_transmit(select_ef, &data, 0, &out) != 0x9000)
        die("SELECT EF.COM refused");
    do {
        size_t offset = content.len, want = 0xDF;
        unsigned char read[4] = {0x00, 0xB0, (unsigned char)(offset >> 8), (unsigned char)offset};
        if (protected_transmit(read, NULL, want, &out) != 0x9000 && out.len == 0)
            die("READ BINARY refused");
        put(&content, out.data, out.len);
        /* '60' L ...: the file's length from its first TLV header */
        if (content.data[1] < 0x80)
            total = 2 + (size_t)content.data[1];
        else if (content.data[1] == 0x81)
            total = 3 + (size_t)content.data[2];
        else
            total = 4 + ((size_t)content.data[2] << 8 | content.data[3]);
    } while (content.len < total && out.len > 0);
    printf("= %s ", name);
    print_hex(stdout, content.data, content.len);
    fputc('\n', stdout);
}

/* --- Chip Authentication v1 ------------------------------------------------------------- */
static void chip_authentication(int nid, int parameter_id, const char *public_hex) {
    static unsigned char chip_public[MAX_APDU];
    size_t n = from_hex(public_hex, chip_public, sizeof chip_public);
    struct buf data = {.len = 0}, inner = {.len = 0}, out;
    BUF_MEM *eph, *pub;
    ASN1_OBJECT *obj = OBJ_nid2obj(nid);

    if (!EAC_CTX_init_ca(ctx, nid, parameter_id))
        die("OpenPACE does not support this Chip Authentication");
    eph = KA_CTX_generate_key(ctx->ca_ctx->ka_ctx, ctx->bn_ctx);
    if (!eph)
        die("no ephemeral CA key");
    if (nid == NID_id_CA_ECDH_3DES_CBC_CBC || nid == NID_id_CA_DH_3DES_CBC_CBC) {
        unsigned char set_kat[4] = {0x00, 0x22, 0x41, 0xA6};
        put_tlv(&data, 0x91, eph->data, eph->length);
        if (protected_transmit(set_kat, &data, 0, &out) != 0x9000)
            die("MSE:Set KAT refused");
    } else {
        unsigned char set_at[4] = {0x00, 0x22, 0x41, 0xA4}, ga[4] = {0x00, 0x86, 0x00, 0x00};
        put_tlv(&data, 0x80, OBJ_get0_data(obj), (size_t)OBJ_length(obj));
        if (protected_transmit(set_at, &data, 0, &out) != 0x9000)
            die("MSE:Set AT for CA refused");
        data.len = 0;
        put_tlv(&inner, 0x80, eph->data, eph->length);
        put_tlv(&data, 0x7C, inner.data, inner.len);
        if (protected_transmit(ga, &data, 256, &out) != 0x9000)
            die("GENERAL AUTHENTICATE for CA refused");
    }
    pub = mem(chip_public, n);
    if (!CA_STEP4_compute_shared_secret(ctx, pub) ||
        !KA_CTX_derive_keys(ctx->ca_ctx->ka_ctx, NULL, ctx->md_ctx) ||
        !EAC_CTX_set_encryption_ctx(ctx, EAC_ID_CA))
        die("CA key agreement failed");
    BUF_MEM_free(pub);
    BUF_MEM_free(eph);
}

static int nid_of(const char *dotted) {
    ASN1_OBJECT *obj = OBJ_txt2obj(dotted, 1);
    int nid = obj ? OBJ_obj2nid(obj) : NID_undef;
    ASN1_OBJECT_free(obj);
    return nid;
}

int main(int argc, char **argv) {
    int pace_nid;
    if (argc != 4 && argc != 7) {
        fprintf(stderr, "usage: %s PACE_OID PARAMETER_ID CAN [CA_OID CA_PARAMETER_ID KEY]\n",
                argv[0]);
        return 2;
    }
    EAC_init();
    ctx = EAC_CTX_new();
    pace_nid = nid_of(argv[1]);
    if (!ctx || pace_nid == NID_undef || !EAC_CTX_init_pace(ctx, pace_nid, atoi(argv[2])))
        die("OpenPACE does not support this PACE protocol");
    pace(pace_nid, argv[3]);
    print_keys("pace-keys");
    read_ef_com("ef-com-pace");
    if (argc == 7) {
        int ca_nid = nid_of(argv[4]);
        if (ca_nid == NID_undef)
            die("unknown CA protocol");
        chip_authentication(ca_nid, atoi(argv[5]), argv[6]);
        print_keys("ca-keys");
        read_ef_com("ef-com-ca");
    }
    puts("= done");
    fflush(stdout);
    EAC_CTX_clear_free(ctx);
    EAC_cleanup();
    return 0;
}
