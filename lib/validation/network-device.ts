import { z } from "zod";
import { parseIpRange } from "./ip-range";

export const vendorProfiles = ["cisco", "aruba", "generic"] as const;
export const vendorProfileLabels: Record<(typeof vendorProfiles)[number], string> = {
  cisco: "Cisco",
  aruba: "Aruba",
  generic: "Generic",
};

const name = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(64, "Use at most 64 characters")
  .regex(/^[A-Za-z0-9_.\- ]+$/, "Use letters, digits, space, _ - and . only");

/** IP address or CIDR range, normalised (10.1.0.0/16, 2001:db8::/32, 192.0.2.7). */
const address = z
  .string()
  .trim()
  .min(1, "Enter an IP address or a CIDR range")
  .transform((value, context) => {
    const parsed = parseIpRange(value);
    if (!parsed.ok) {
      context.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.range.text;
  });

/** RFC 2865 §3: the shared secret must not be empty; 16+ characters is the RFC's recommendation. */
const secret = z.string().min(1, "Enter the shared secret").max(128, "Use at most 128 characters");

const fields = {
  name,
  address,
  vendorProfile: z.enum(vendorProfiles).default("generic"),
  coaPort: z
    .number({ error: "Enter a port number" })
    .int("Enter a whole number")
    .min(1, "Use a port 1–65535")
    .max(65535, "Use a port 1–65535")
    .default(3799),
  requireMessageAuthenticator: z.boolean().default(true),
  description: z.string().trim().max(1024, "Use at most 1024 characters").optional(),
};

/** Create: the secret is required. It is write-only: no API ever returns it. */
export const createNetworkDeviceSchema = z.object({ ...fields, secret });

/** Update: a blank or absent secret keeps the stored one. */
export const updateNetworkDeviceSchema = z.object({
  ...fields,
  secret: z.union([secret, z.literal("")]).optional(),
});

export type CreateNetworkDeviceInput = z.infer<typeof createNetworkDeviceSchema>;
export type UpdateNetworkDeviceInput = z.infer<typeof updateNetworkDeviceSchema>;
