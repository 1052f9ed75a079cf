/**
 * A self-signed TLS server certificate (the EAP server certificate created at first start, until an admin
 * imports a CA-issued one). @peculiar/x509 through issue.ts, which installs the crypto provider.
 */
// Must load before @peculiar/x509 (see issue.ts).
import "./reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { generateKeyPair, privateKeyToPem, signatureParams, type IssuedCertificate, type KeyAlgorithm } from "./issue";

const nodeCrypto = webcrypto as unknown as Crypto;
const DAY_MS = 86_400_000;

export interface SelfSignedServerOptions {
  commonName: string;
  organization?: string;
  /** RSA 2048 is what every supplicant accepts; RSA 3072/4096 and ECDSA P-256/P-384 on request. */
  keyAlgorithm: KeyAlgorithm;
  validityDays?: number;
  /** DNS names for the Subject Alternative Name; default: the common name. */
  dnsNames?: string[];
}

export async function createSelfSignedServerCertificate(options: SelfSignedServerOptions): Promise<IssuedCertificate> {
  const keys = await generateKeyPair(options.keyAlgorithm);
  const notBefore = new Date(Date.now() - 5 * 60_000);
  const notAfter = new Date(notBefore.getTime() + (options.validityDays ?? 730) * DAY_MS);
  const serial = nodeCrypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0] ?? 0) & 0x7f || 0x01;
  const name: x509.JsonName = [{ CN: [options.commonName] }];
  if (options.organization) name.push({ O: [options.organization] });
  // RSA keys also encipher (RSA key transport, RFC 5246 §7.4.7.1); ECDSA keys only sign.
  let usages = x509.KeyUsageFlags.digitalSignature;
  if (options.keyAlgorithm.startsWith("rsa")) usages |= x509.KeyUsageFlags.keyEncipherment;
  // Without SANs given, the common name doubles as one when it is a host name (what the first-start certificate does).
  const isHostName = /^(?=.{1,253}$)[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
    options.commonName,
  );
  const dnsNames = options.dnsNames?.length ? options.dnsNames : isHostName ? [options.commonName] : [];
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(serial).toString("hex"),
      name,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: signatureParams(keys.privateKey),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usages, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeCrypto),
        ...(dnsNames.length
          ? [
              new x509.SubjectAlternativeNameExtension(
                dnsNames.map((value) => ({ type: "dns" as const, value })),
                false,
              ),
            ]
          : []),
      ],
    },
    nodeCrypto,
  );
  return {
    certificate,
    privateKey: keys.privateKey,
    certificatePem: certificate.toString("pem"),
    privateKeyPem: await privateKeyToPem(keys.privateKey),
  };
}
