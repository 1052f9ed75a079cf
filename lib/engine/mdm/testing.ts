/**
 * MDM helpers for tests and benchmarks (never imported by the product): the MDM simulator registered as a
 * trusted MDM server, the XML reader parser.ts used before readXml (the reference readXml is compared
 * with), and catching an MdmError. Free of vitest, so the benchmark scripts can import it too.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Db } from "../../db/client";
import { addTrustedCertificate } from "../../db/trusted-certificates";
import type { SecretBox } from "../../secret-box";
import { MdmError } from "./errors";
import { canonicalName } from "./xml";

export interface SimulatorMdmServerOptions {
  /** The simulator's CA certificate (PEM), trusted for MDM. */
  caPem: string;
  host?: string;
  port: number;
  apiVersion: 2 | 3;
  redirectUrl?: string;
  pollingIntervalMinutes?: number;
  /** Who the audit log names. */
  actor?: string;
  /** Default "Simulator" (its CA: "<name> CA"). */
  name?: string;
  lookupOrder?: number;
}

/** Trusts the simulator's CA and stores the simulator as an enabled MDM server (user iseapi). */
export async function addSimulatorMdmServer(
  db: Db,
  box: SecretBox,
  {
    caPem,
    host = "127.0.0.1",
    port,
    apiVersion,
    redirectUrl,
    pollingIntervalMinutes,
    actor = "test",
    name = "Simulator",
    lookupOrder,
  }: SimulatorMdmServerOptions,
) {
  await addTrustedCertificate(
    db,
    { pem: caPem, friendlyName: `${name} CA`, trustForMdm: true, trustForClientAuth: false },
    actor,
  );
  return db.mdmServer.create({
    data: {
      name,
      lookupOrder,
      host,
      port,
      username: "iseapi",
      passwordEncrypted: box.seal("iseapi-secret"),
      isEnabled: true,
      cacheExpirationMinutes: 60,
      pollingIntervalMinutes,
      apiVersion,
      apiPath: `/ciscoise/mdmapi/v${apiVersion}`,
      redirectUrl,
    },
  });
}

/** fast-xml-parser configured as parser.ts used it before readXml replaced it. */
const legacyParser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  transformTagName: canonicalName,
  isArray: (name) => name === "device",
});

/** The former reader's tree (validator, then parser), or undefined where it refused the document. */
export function legacyReadXml(xml: string): unknown {
  if (XMLValidator.validate(xml) !== true) return undefined;
  try {
    return legacyParser.parse(xml) as unknown;
  } catch {
    return undefined;
  }
}

/** The MdmError `fn` throws; anything else (or no throw) fails the caller's test. */
export function mdmErrorOf(fn: () => unknown): MdmError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MdmError) return error;
    throw new Error(`expected an MdmError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected the call to throw");
}
