import { z } from "zod";

/**
 * Schemas of the MDM connection settings and of the Test Connection result (ise-mdm-reference §3.1–§3.2),
 * shared by the admin form, the route handlers, the control API and the engine. Browser-safe: no node:
 * imports.
 */

export const HOST_ONLY_MESSAGE = "Enter a host name only; the API path is added automatically";

const ipv4Schema = z.ipv4();
const ipv6Schema = z.ipv6();
/** RFC 1123 §2.1 host name: dot-separated labels of letters, digits and inner hyphens, 1–63 chars each. */
const HOSTNAME_PATTERN =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Why a host value is not acceptable, or undefined when it is. */
export function mdmHostProblem(value: string): string | undefined {
  if (value === "") return "Enter the MDM server's host name or IP address";
  // seed 001: "The directory path is handled automatically by the system and is not specified as part of
  // the configuration" — a URL or a path in this field is the commonest mistake.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) || /[/?#\\\s@]/.test(value)) return HOST_ONLY_MESSAGE;
  const unbracketed = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value;
  if (ipv6Schema.safeParse(unbracketed).success) return undefined;
  if (value.includes(":")) {
    if (/^[^:]+:\d*$/.test(value) || /^\[.*\]:\d*$/.test(value)) return "Enter the port in the Port field, not in the host";
    return "Enter a valid host name or IP address";
  }
  if (/^[\d.]+$/.test(value)) return ipv4Schema.safeParse(value).success ? undefined : "Enter a valid IP address";
  return HOSTNAME_PATTERN.test(value.replace(/\.$/, "")) ? undefined : "Enter a valid host name or IP address";
}

const hostSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = mdmHostProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  // Stored and used without IPv6 brackets or a trailing root dot: the TLS hostname check compares names.
  .transform((value) => (value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value.replace(/\.$/, "")));

export const mdmConnectionSettingsSchema = z.object({
  host: hostSchema,
  port: z
    .number({ error: "Enter a port number" })
    .int("Enter a whole port number")
    .min(1, "Enter a port between 1 and 65535")
    .max(65535, "Enter a port between 1 and 65535")
    .default(443),
  /** seed 001: "The field should be left blank unless the cloud provider has instructed otherwise." */
  instance: z
    .string()
    .trim()
    .max(64, "Use at most 64 characters")
    .regex(/^[A-Za-z0-9_-]*$/, "Use letters, digits, - and _ only")
    .nullish()
    .transform((value) => (value ? value : undefined)),
  username: z
    .string()
    .trim()
    .min(1, "Enter the API user name")
    .max(255, "Use at most 255 characters")
    // RFC 7617 §2: Basic authentication cannot carry a user-id containing a colon.
    .refine((value) => !value.includes(":"), "A user name for Basic authentication cannot contain a colon"),
  password: z.string().min(1, "Enter the password").max(1024, "Use at most 1024 characters"),
  trustedCertificatesPem: z
    .array(z.string().refine((pem) => pem.includes("-----BEGIN CERTIFICATE-----"), "Not a PEM certificate"))
    .max(1000)
    .default([]),
  /** Deadline of the whole Test Connection (default 10 s) or of each client call. */
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
});

export type MdmConnectionSettingsInput = z.input<typeof mdmConnectionSettingsSchema>;
export type MdmConnectionSettings = z.output<typeof mdmConnectionSettingsSchema>;

/** The outcomes of Test Connection: one per row of the reference's table (§3.2, seed 001 Table 13-1). */
export const TEST_CONNECTION_OUTCOMES = [
  "SUCCESS",
  "CONNECTION_FAILED",
  "HTTP_404",
  "HTTP_403",
  "HTTP_401",
  "CERTIFICATE",
] as const;
export type TestConnectionOutcome = (typeof TEST_CONNECTION_OUTCOMES)[number];

/** Exact message texts of §3.2 and their remediation hints. */
export const TEST_CONNECTION_MESSAGES: Record<TestConnectionOutcome, { message: string; hint: string }> = {
  SUCCESS: {
    message: "The MDM Server details are valid and the connectivity was successful.",
    hint: "Check that the MDM dictionary is populated with attributes.",
  },
  CONNECTION_FAILED: {
    message: "Connection Failed: Please check the connection parameters.",
    hint: "Check the host and port, and that firewalls allow HTTPS from Gatehouse to the MDM.",
  },
  HTTP_404: {
    message: "Connection Failed 404 : Not Found",
    hint: "Usually an instance name was set when none is needed, or the wrong instance name.",
  },
  HTTP_403: {
    message: "Connection Failed 403 : Forbidden",
    hint: "The API user lacks the MDM REST API role on the MDM server.",
  },
  HTTP_401: {
    message: "Connection Failed 401 : Unauthorized",
    hint: "The user name or password is wrong, or the host is another site than the one the account was set up on.",
  },
  CERTIFICATE: {
    message: "Connection Failed: There is a problem with the server Certificates or ISE trust store.",
    hint: "Import the CA certificate that issued the MDM's HTTPS certificate into the trusted certificates, and check it has not expired.",
  },
};

export const certificateInfoSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  /** ISO 8601. */
  validFrom: z.string(),
  validTo: z.string(),
  /** SHA-256 fingerprint, colon-separated upper-case hex. */
  fingerprint256: z.string(),
  subjectAltName: z.string().optional(),
  selfSigned: z.boolean(),
});
export type CertificateInfo = z.infer<typeof certificateInfoSchema>;

export const mdmDiscoverySchema = z.object({
  apiVersion: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  apiPath: z.string(),
  redirectUrl: z.string().optional(),
  queryMaxSize: z.number().int().positive().optional(),
  messagingSupport: z.boolean(),
  vendor: z.string().optional(),
  productName: z.string().optional(),
  productVersion: z.string().optional(),
});

const stepBase = { ok: z.boolean(), ms: z.number().nonnegative(), detail: z.string() };

export const testConnectionStepSchema = z.discriminatedUnion("name", [
  z.object({
    name: z.literal("dns"),
    ...stepBase,
    data: z.object({ addresses: z.array(z.object({ address: z.string(), family: z.number() })) }).optional(),
  }),
  z.object({
    name: z.literal("tcp"),
    ...stepBase,
    data: z
      .object({
        address: z.string().optional(),
        port: z.number(),
        attempts: z.array(z.object({ address: z.string(), ok: z.boolean(), ms: z.number(), error: z.string().optional() })),
      })
      .optional(),
  }),
  z.object({
    name: z.literal("tls"),
    ...stepBase,
    data: z
      .object({
        protocol: z.string().optional(),
        cipher: z.string().optional(),
        /** Server name sent in SNI and checked against the certificate. */
        serverName: z.string(),
        /** Node/OpenSSL verification error code when verification failed. */
        verifyErrorCode: z.string().optional(),
        /** Leaf first, then each issuer as far as the chain could be built. */
        peerChain: z.array(certificateInfoSchema),
        /** The trusted certificate that anchored the chain, with its position in the trust list. */
        anchor: certificateInfoSchema.extend({ trustIndex: z.number().int() }).optional(),
        trustedCertificates: z.number().int(),
      })
      .optional(),
  }),
  z.object({
    name: z.literal("http"),
    ...stepBase,
    data: z
      .object({
        method: z.literal("GET"),
        path: z.string(),
        status: z.number().int().optional(),
        statusText: z.string().optional(),
        contentType: z.string().optional(),
        location: z.string().optional(),
        bytes: z.number().int().optional(),
      })
      .optional(),
  }),
  z.object({ name: z.literal("mdminfo"), ...stepBase, data: mdmDiscoverySchema.optional() }),
]);
export type TestConnectionStep = z.infer<typeof testConnectionStepSchema>;
export type TestConnectionStepName = TestConnectionStep["name"];

export const testConnectionResultSchema = z.object({
  outcome: z.enum(TEST_CONNECTION_OUTCOMES),
  ok: z.boolean(),
  /** Exactly the §3.2 text for the outcome. */
  message: z.string(),
  hint: z.string(),
  /** The MDM client's error code behind a failure (DNS_FAILED, TIMEOUT, TLS_EXPIRED, HTTP_5XX, ...). */
  errorCode: z.string().optional(),
  steps: z.array(testConnectionStepSchema),
  discovery: mdmDiscoverySchema.optional(),
  totalMs: z.number().nonnegative(),
  /** ISO 8601. */
  testedAt: z.string(),
});
export type TestConnectionResult = z.infer<typeof testConnectionResultSchema>;
