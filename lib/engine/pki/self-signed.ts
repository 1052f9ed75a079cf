/**
 * A self-signed TLS server certificate (the EAP server certificate created at first start, until an admin
 * imports a CA-issued one). @peculiar/x509 through issue.ts, which installs the crypto provider.
 */
// Must load before @peculiar/x509 (see issue.ts).
import "./reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { generateKeyPair, privateKeyToPem, type IssuedCertificate } from "./issue";

const nodeCrypto = webcrypto as unknown as Crypto;
const DAY_MS = 86_400_000;

export interface SelfSignedServerOptions {
  commonName: string;
  organization?: string;
  /** RSA 2048 (what every supplicant accepts) or ECDSA P-256. */
  keyAlgorithm: "rsa-2048" | "ecdsa-p256";
  validityDays?: number;
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
  if (options.keyAlgorithm === "rsa-2048") usages |= x509.KeyUsageFlags.keyEncipherment;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(serial).toString("hex"),
      name,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm:
        keys.privateKey.algorithm.name === "ECDSA"
          ? ({ name: "ECDSA", hash: "SHA-256" } as EcdsaParams)
          : { name: "RSASSA-PKCS1-v1_5" },
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usages, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([{ type: "dns", value: options.commonName }], false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeCrypto),
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
