import { z } from "zod";
import { mdmConnectionSettingsSchema } from "./mdm-connection";

/** The reference §2 device identifier sources, in the order an admin can arrange them. */
export const deviceIdentifierSources = ["san-uri-guid", "cn-guid", "mac"] as const;
export const deviceIdentifierLabels: Record<(typeof deviceIdentifierSources)[number], string> = {
  "san-uri-guid": "Cert – SAN URI, GUID",
  "cn-guid": "Cert – CN, GUID",
  mac: "Legacy MAC Address",
};

const connection = mdmConnectionSettingsSchema.shape;

/**
 * Every field of the External MDM form (reference §3.1). One schema for the form, the API and the engine.
 * The password is optional here: required on create (see createMdmServerSchema), blank on edit keeps it.
 */
export const mdmServerFormSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name")
    .max(64, "Use at most 64 characters")
    .regex(/^[A-Za-z0-9_.\- ]+$/, "Use letters, digits, space, _ - and . only"),
  serverType: z.enum(["mdm", "dm"]).default("mdm"),
  authType: z.enum(["basic"]).default("basic"),
  host: connection.host,
  port: connection.port,
  instance: connection.instance,
  username: connection.username,
  password: z.string().max(1024, "Use at most 1024 characters").optional(),
  description: z.string().trim().max(1024, "Use at most 1024 characters").optional(),
  pollingIntervalMinutes: z
    .number({ error: "Enter a number of minutes" })
    .int("Enter whole minutes")
    .refine((v) => v === 0 || (v >= 15 && v <= 1440), "Use 0 (polling off) or 15 to 1440 minutes")
    .default(0),
  cacheExpirationMinutes: z
    .number({ error: "Enter a number of minutes" })
    .int("Enter whole minutes")
    .min(1, "Use 1 minute to 7 days (10080 minutes)")
    .max(10080, "Use 1 minute to 7 days (10080 minutes)")
    .default(60),
  deviceIdentifiers: z
    .array(z.enum(deviceIdentifierSources))
    .min(1, "Choose at least one device identifier")
    .refine((list) => new Set(list).size === list.length, "Each identifier may appear once")
    .default(["san-uri-guid", "cn-guid", "mac"]),
  isEnabled: z.boolean().default(true),
});
export type MdmServerFormInput = z.input<typeof mdmServerFormSchema>;
export type MdmServerForm = z.output<typeof mdmServerFormSchema>;

export const createMdmServerSchema = mdmServerFormSchema.extend({
  password: z.string().min(1, "Enter the password").max(1024, "Use at most 1024 characters"),
});

export const serverTypeLabels: Record<MdmServerForm["serverType"], string> = {
  mdm: "Mobile Device Manager",
  dm: "Desktop Device Manager",
};
export const authTypeLabels: Record<MdmServerForm["authType"], string> = { basic: "Basic" };

/** Update (edit form): every field; a blank password keeps the stored one. */
export const updateMdmServerSchema = mdmServerFormSchema;

/**
 * Test Connection from the form: its current connection values (saved or not). With `mdmServerId` and a
 * blank password, the engine uses the stored password (the browser never has it).
 */
export const mdmTestConnectionSchema = mdmServerFormSchema
  .pick({ host: true, port: true, instance: true, username: true, password: true })
  .extend({ mdmServerId: z.string().max(64).optional() })
  .superRefine((value, ctx) => {
    if (!value.password && !value.mdmServerId)
      ctx.addIssue({ code: "custom", path: ["password"], message: "Enter the password" });
  });
export type MdmTestConnectionInput = z.input<typeof mdmTestConnectionSchema>;

/** General MDM Settings: seed 002's two fallback switches and the lookup order of the servers. */
export const mdmSettingsSchema = z.object({
  fallbackOnNotRegistered: z.boolean(),
  fallbackOnError: z.boolean(),
  /** Every MDM server id, first looked up first. */
  lookupOrder: z.array(z.string().min(1).max(64)).max(500),
});
export type MdmSettingsInput = z.input<typeof mdmSettingsSchema>;

/** What the API returns about an MDM server: never the password (dates as ISO strings in JSON). */
export type MdmServerJson = {
  id: string;
  name: string;
  serverType: MdmServerForm["serverType"];
  authType: MdmServerForm["authType"];
  host: string;
  port: number;
  instance: string | null;
  username: string;
  description: string | null;
  pollingIntervalMinutes: number;
  cacheExpirationMinutes: number;
  deviceIdentifiers: MdmServerForm["deviceIdentifiers"];
  isEnabled: boolean;
  lookupOrder: number;
  apiVersion: number | null;
  apiPath: string | null;
  redirectUrl: string | null;
  queryMaxSize: number | null;
  messagingSupport: boolean | null;
  vendor: string | null;
  productName: string | null;
  productVersion: string | null;
  trustAnchorSha256: string | null;
  lastTestAt: string | null;
  lastTestOutcome: string | null;
  lastTestMessage: string | null;
  lastContactAt: string | null;
  createdAt: string;
  updatedAt: string;
};
