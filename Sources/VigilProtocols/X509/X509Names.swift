/// OpenSSL's names for the object identifiers x509.log prints (crypto/objects/objects.txt):
/// Zeek writes what OpenSSL's `OBJ_nid2ln` and `OBJ_nid2sn` return, and a dotted identifier for
/// one OpenSSL does not know.
enum X509Names {
    /// Signature and public-key algorithms by long name (`OBJ_nid2ln`).
    static let algorithms: [String: String] = [
        "1.2.840.113549.1.1.1": "rsaEncryption",
        "1.2.840.113549.1.1.2": "md2WithRSAEncryption",
        "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.10": "rsassaPss",
        "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.14": "sha224WithRSAEncryption",
        "1.2.840.10040.4.1": "dsaEncryption",
        "1.2.840.10040.4.3": "dsaWithSHA1",
        "2.16.840.1.101.3.4.3.1": "dsa_with_SHA224",
        "2.16.840.1.101.3.4.3.2": "dsa_with_SHA256",
        "1.2.840.10045.2.1": "id-ecPublicKey",
        "1.2.840.10045.4.1": "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.1": "ecdsa-with-SHA224",
        "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
        "1.3.101.112": "ED25519",
        "1.3.101.113": "ED448",
    ]

    /// Named elliptic curves by short name (`OBJ_nid2sn`) with the bit length of their order
    /// (`EVP_PKEY_bits`, which Zeek logs as key_length).
    static let curves: [String: (name: String, bits: Int)] = [
        "1.2.840.10045.3.1.1": ("prime192v1", 192),
        "1.3.132.0.33": ("secp224r1", 224),
        "1.2.840.10045.3.1.7": ("prime256v1", 256),
        "1.3.132.0.10": ("secp256k1", 256),
        "1.3.132.0.34": ("secp384r1", 384),
        "1.3.132.0.35": ("secp521r1", 521),
        "1.3.36.3.3.2.8.1.1.7": ("brainpoolP256r1", 256),
        "1.3.36.3.3.2.8.1.1.11": ("brainpoolP384r1", 384),
        "1.3.36.3.3.2.8.1.1.13": ("brainpoolP512r1", 512),
    ]

    /// Name attributes by short name, as `X509_NAME_print_ex` with `XN_FLAG_RFC2253` prints them.
    static let attributes: [String: String] = [
        "2.5.4.3": "CN", "2.5.4.4": "SN", "2.5.4.5": "serialNumber", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST",
        "2.5.4.9": "street", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.12": "title", "2.5.4.13": "description",
        "2.5.4.15": "businessCategory", "2.5.4.16": "postalAddress", "2.5.4.17": "postalCode", "2.5.4.18": "postOfficeBox",
        "2.5.4.41": "name", "2.5.4.42": "GN", "2.5.4.43": "initials", "2.5.4.44": "generationQualifier",
        "2.5.4.46": "dnQualifier", "2.5.4.65": "pseudonym", "2.5.4.97": "organizationIdentifier",
        "1.2.840.113549.1.9.1": "emailAddress", "1.2.840.113549.1.9.2": "unstructuredName",
        "0.9.2342.19200300.100.1.1": "UID", "0.9.2342.19200300.100.1.25": "DC",
        "1.3.6.1.4.1.311.60.2.1.1": "jurisdictionL", "1.3.6.1.4.1.311.60.2.1.2": "jurisdictionST",
        "1.3.6.1.4.1.311.60.2.1.3": "jurisdictionC",
    ]

    static let rsaKey = "1.2.840.113549.1.1.1"
    static let rsaPSSKey = "1.2.840.113549.1.1.10"
    static let dsaKey = "1.2.840.10040.4.1"
    static let ecKey = "1.2.840.10045.2.1"
    static let commonName = "2.5.4.3"
}
