"""EF.SOD (ICAO Doc 9303 Part 10, 4.6.2): `77 { ContentInfo(SignedData) }` whose
encapsulated content is an LDSSecurityObject: the hash of every data group, signed by the
Document Signer whose certificate travels in the SignedData. The ASN.1 is asn1crypto's (the
CMS types are ready made there); signatures are `cryptography`'s (`cardreader.passive_auth`).
Only passive authentication imports this module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from asn1crypto import algos, cms, core, x509

from cardreader import tlv
from cardreader.errors import InvalidDocumentDataError, MalformedResponseError
from cardreader.lds import TAG_SOD

LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"

# Hash algorithms an LDSSecurityObject may name (ICAO 9303-10, 4.6.2), by asn1crypto name.
HASH_ALGORITHMS = ("sha1", "sha224", "sha256", "sha384", "sha512")


class DataGroupHash(core.Sequence):
    _fields = [  # noqa: RUF012 - asn1crypto's declarative schema
        ("data_group_number", core.Integer),
        ("data_group_hash_value", core.OctetString),
    ]


class DataGroupHashValues(core.SequenceOf):
    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):
    _fields = [  # noqa: RUF012
        ("lds_version", core.PrintableString),
        ("unicode_version", core.PrintableString),
    ]


class LdsSecurityObject(core.Sequence):
    _fields = [  # noqa: RUF012
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashValues),
        ("lds_version_info", LdsVersionInfo, {"optional": True}),
    ]


@dataclass(frozen=True)
class SecurityObject:
    """EF.SOD taken apart: what passive authentication checks."""

    hash_algorithm: str  # hashlib name, e.g. "sha256"
    data_group_hashes: Mapping[int, bytes]
    encapsulated_content: bytes  # the DER LDSSecurityObject (what messageDigest covers)
    signed_attributes: bytes | None  # DER SET OF attributes (what the signature covers)
    message_digest: bytes | None
    digest_algorithm: str
    signature_algorithm: str  # asn1crypto name: "sha256_ecdsa", "rsassa_pss", "ecdsa", ...
    signature_parameters: Any  # RSASSA-PSS parameters when present
    signature: bytes
    signer_certificate: bytes | None  # DER of the DS certificate in the SignedData
    certificates: tuple[bytes, ...]


def _digest_name(algorithm: algos.DigestAlgorithm) -> str:
    name = algorithm["algorithm"].native
    if name not in HASH_ALGORITHMS:
        raise InvalidDocumentDataError(f"EF.SOD names an unsupported hash algorithm {name!r}")
    return str(name)


def parse_sod(sod: bytes) -> SecurityObject:
    """Take EF.SOD apart. Raises `MalformedResponseError` or `InvalidDocumentDataError`."""
    content, _ = tlv.read_first(sod, TAG_SOD, "EF.SOD")
    try:
        info = cms.ContentInfo.load(content, strict=True)
        if info["content_type"].native != "signed_data":
            raise InvalidDocumentDataError("EF.SOD does not hold CMS SignedData")
        signed = info["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].dotted != LDS_SECURITY_OBJECT_OID:
            raise InvalidDocumentDataError("EF.SOD does not hold an LDSSecurityObject")
        raw_content = bytes(encap["content"])
        lds_object = LdsSecurityObject.load(raw_content, strict=True)
        hashes: dict[int, bytes] = {}
        for item in lds_object["data_group_hash_values"]:
            number = int(item["data_group_number"].native)
            if not 1 <= number <= 16 or number in hashes:
                raise InvalidDocumentDataError(f"EF.SOD lists data group {number} wrongly")
            hashes[number] = bytes(item["data_group_hash_value"].native)
        signers = signed["signer_infos"]
        if len(signers) != 1:
            raise InvalidDocumentDataError(f"EF.SOD has {len(signers)} signers, expected 1")
        signer = signers[0]
        certificates = tuple(
            c.chosen.dump() for c in (signed["certificates"] or []) if c.name == "certificate"
        )
        signer_cert = _find_signer(signer["sid"], signed["certificates"] or [])
        attrs = signer["signed_attrs"]
        message_digest = None
        signed_attributes = None
        if attrs:
            signed_attributes = attrs.untag().dump(force=True)
            for attr in attrs:
                if attr["type"].native == "message_digest":
                    message_digest = bytes(attr["values"][0].native)
            if message_digest is None:
                raise InvalidDocumentDataError("EF.SOD signed attributes lack messageDigest")
        sig_alg = signer["signature_algorithm"]
        return SecurityObject(
            hash_algorithm=_digest_name(lds_object["hash_algorithm"]),
            data_group_hashes=hashes,
            encapsulated_content=bytes(raw_content),
            signed_attributes=signed_attributes,
            message_digest=message_digest,
            digest_algorithm=_digest_name(signer["digest_algorithm"]),
            signature_algorithm=str(sig_alg["algorithm"].native),
            signature_parameters=sig_alg["parameters"],
            signature=bytes(signer["signature"].native),
            signer_certificate=signer_cert,
            certificates=certificates,
        )
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise MalformedResponseError(f"EF.SOD does not parse: {type(exc).__name__}") from None


def _find_signer(sid: cms.SignerIdentifier, certificates: Any) -> bytes | None:
    for choice in certificates:
        if choice.name != "certificate":
            continue
        cert: x509.Certificate = choice.chosen
        if sid.name == "issuer_and_serial_number":
            ias = sid.chosen
            # Serial first and DER bytes before asn1crypto's (slow, normalising) name equality.
            if cert.serial_number == ias["serial_number"].native and (
                cert.issuer.dump() == ias["issuer"].dump() or cert.issuer == ias["issuer"]
            ):
                return bytes(cert.dump())
        elif sid.name == "subject_key_identifier" and cert.key_identifier == sid.chosen.native:
            return bytes(cert.dump())
    return None


def build_sod(
    data_groups: Mapping[int, bytes],
    signer_certificate_der: bytes,
    sign: Any,
    *,
    hash_algorithm: str = "sha256",
    signature_algorithm: str = "sha256_ecdsa",
) -> bytes:
    """EF.SOD over `data_groups`, signed by `sign(signed_attributes_der) -> signature`.

    `signature_algorithm` is the asn1crypto name of the signer's algorithm
    ("sha256_ecdsa", "sha256_rsa", "rsassa_pss"); for RSASSA-PSS the parameters use
    `hash_algorithm` with MGF1 and a salt as long as the hash.
    """
    lds_object = LdsSecurityObject(
        {
            "version": 0,
            "hash_algorithm": {"algorithm": hash_algorithm},
            "data_group_hash_values": [
                {
                    "data_group_number": number,
                    "data_group_hash_value": hashlib.new(hash_algorithm, value).digest(),
                }
                for number, value in sorted(data_groups.items())
            ],
        }
    )
    content = lds_object.dump()
    cert = x509.Certificate.load(signer_certificate_der)
    signed_attrs = cms.CMSAttributes(
        [
            {"type": "content_type", "values": [LDS_SECURITY_OBJECT_OID]},
            {"type": "message_digest", "values": [hashlib.new(hash_algorithm, content).digest()]},
        ]
    )
    signature = sign(signed_attrs.dump())
    sig_alg: dict[str, Any] = {"algorithm": signature_algorithm}
    if signature_algorithm == "rsassa_pss":
        size = hashlib.new(hash_algorithm).digest_size
        sig_alg["parameters"] = {
            "hash_algorithm": {"algorithm": hash_algorithm},
            "mask_gen_algorithm": {
                "algorithm": "mgf1",
                "parameters": {"algorithm": hash_algorithm},
            },
            "salt_length": size,
        }
    signed = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [{"algorithm": hash_algorithm}],
            "encap_content_info": {
                "content_type": LDS_SECURITY_OBJECT_OID,
                "content": core.ParsableOctetString(content),
            },
            "certificates": [cert],
            "signer_infos": [
                {
                    "version": "v1",
                    "sid": {
                        "issuer_and_serial_number": {
                            "issuer": cert.issuer,
                            "serial_number": cert.serial_number,
                        }
                    },
                    "digest_algorithm": {"algorithm": hash_algorithm},
                    "signed_attrs": signed_attrs,
                    "signature_algorithm": sig_alg,
                    "signature": signature,
                }
            ],
        }
    )
    info = cms.ContentInfo({"content_type": "signed_data", "content": signed})
    return tlv.encode(TAG_SOD, info.dump())
