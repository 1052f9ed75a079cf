// Authorization profiles (ise-mdm-reference §6): the results authorization rules hand out. One schema for the
// profile form, its API, the database module and the engine's reply builder; `profileReplyPreview` shows
// the form what the engine's `compileProfile` + `buildReply` (lib/engine/aaa/reply.ts) will send.
import { z } from "zod";
import { getAttributeDefinition } from "../engine/radius/dictionary";
import { findDictionaryAttribute, RADIUS_DICTIONARY, type DictionaryAttributeDefinition } from "./dictionaries";
import { ipToBigInt, parseIpRange } from "./ip-range";

export const accessTypes = ["ACCESS_ACCEPT", "ACCESS_REJECT"] as const;
export const accessTypeLabels: Record<(typeof accessTypes)[number], string> = {
  ACCESS_ACCEPT: "ACCESS_ACCEPT",
  ACCESS_REJECT: "ACCESS_REJECT",
};

/** The built-in profiles (ISE's): always present, never edited or deleted. */
export const builtInProfileNames = ["PermitAccess", "DenyAccess"] as const;

/** Form inputs send "" for an empty box: that means "not set". */
function optional<T extends z.ZodType<string | undefined>>(schema: T) {
  return z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());
}

/** Names of ACLs as switches accept them (Cisco: no spaces; `ip access-list extended <name>`). */
const aclName = (what: string) =>
  z
    .string()
    .trim()
    .max(128, `Use at most 128 characters for the ${what}`)
    .regex(/^[A-Za-z0-9_.:-]+$/, `Use letters, digits and _ . : - only in the ${what} (no spaces)`);

/** RFC 2865 §5: an attribute value carries at most 253 octets. */
const MAX_VALUE_OCTETS = 253;
const octets = (value: string) => new TextEncoder().encode(value).length;

/**
 * Reply attributes an advanced pair may set: Radius dictionary attributes an Access-Accept can carry
 * (direction out or both). Credentials, State, EAP-Message, Message-Authenticator and the Vendor-Specific
 * container are not in the dictionary at all; the engine builds those itself.
 */
export function advancedAttributeDefinition(name: string): DictionaryAttributeDefinition | undefined {
  const attribute = findDictionaryAttribute(`${RADIUS_DICTIONARY}:${name}`);
  return attribute && attribute.direction !== "in" ? attribute : undefined;
}

/** Why a value does not fit the attribute, or undefined when it does (as `compileProfile` will encode it). */
export function advancedAttributeValueProblem(name: string, value: string): string | undefined {
  const attribute = advancedAttributeDefinition(name);
  if (!attribute) return undefined;
  if (value.trim() === "") return `Enter a value for ${name}`;
  switch (attribute.dataType) {
    case "int": {
      // RFC 2865 §5: integer = 32-bit unsigned.
      if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) return `${name} takes a whole number 0–4294967295`;
      return undefined;
    }
    case "enum": {
      const values = getAttributeDefinition(name)?.values ?? {};
      if (Object.hasOwn(values, value)) return undefined;
      if (/^\d+$/.test(value) && Object.values(values).includes(Number(value))) return undefined;
      return `${name} takes one of ${(attribute.allowedValues ?? []).join(", ")} (or its number)`;
    }
    case "ip": {
      const parsed = ipToBigInt(value.trim());
      const wireType = getAttributeDefinition(name)?.type;
      if (!parsed || (wireType === "ipaddr" && parsed.version !== 4) || (wireType === "ipv6addr" && parsed.version !== 6)) {
        return `${name} takes an ${wireType === "ipv6addr" ? "IPv6" : "IPv4"} address`;
      }
      return undefined;
    }
    default: {
      if (getAttributeDefinition(name)?.type === "ipv6prefix") {
        const range = parseIpRange(value.trim());
        return range.ok && value.includes(":") && value.includes("/")
          ? undefined
          : `${name} takes an IPv6 prefix, e.g. 2001:db8::/64`;
      }
      if (octets(value) > MAX_VALUE_OCTETS) return `${name} carries at most ${MAX_VALUE_OCTETS} bytes`;
      return undefined;
    }
  }
}

const advancedAttributeSchema = z
  .object({
    name: z.string().trim().min(1, "Choose a Radius attribute"),
    value: z.string().max(MAX_VALUE_OCTETS, `Use at most ${MAX_VALUE_OCTETS} characters`),
  })
  .superRefine((pair, context) => {
    if (!pair.name) return;
    if (!advancedAttributeDefinition(pair.name)) {
      const known = findDictionaryAttribute(`${RADIUS_DICTIONARY}:${pair.name}`);
      context.addIssue({
        code: "custom",
        path: ["name"],
        message: known
          ? `${pair.name} is a request attribute: an Access-Accept does not carry it`
          : getAttributeDefinition(pair.name)
            ? `${pair.name} is set by the engine itself and cannot be added to a profile`
            : `${pair.name} is not in the Radius dictionary`,
      });
      return;
    }
    const problem = advancedAttributeValueProblem(pair.name, pair.value);
    if (problem) context.addIssue({ code: "custom", path: ["value"], message: problem });
  });

export const authorizationProfileSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Enter a name")
      .max(64, "Use at most 64 characters")
      .regex(/^[A-Za-z0-9_.\- ]+$/, "Use letters, digits, space, _ - and . only"),
    description: optional(z.string().trim().max(1024, "Use at most 1024 characters")),
    accessType: z.enum(accessTypes, { error: "Choose ACCESS_ACCEPT or ACCESS_REJECT" }),
    /** VLAN id (1–4094) or name: sent as Tunnel-Private-Group-Id with tag 1 (RFC 3580 §3.31). */
    vlan: optional(
      z
        .string()
        .trim()
        .max(32, "VLAN names have at most 32 characters")
        .regex(/^[\w.-]+$/, "Use a VLAN id (1–4094) or a VLAN name: letters, digits, _ . - only")
        .refine((value) => !/^\d+$/.test(value) || (Number(value) >= 1 && Number(value) <= 4094), "VLAN ids are 1–4094"),
    ),
    /** Downloadable ACL name: sent as Cisco-AVPair ACS:CiscoSecure-Defined-ACL=<name>. */
    dacl: optional(aclName("dACL name")),
    /** Sent as Filter-Id (RFC 2865 §5.11): an ACL or filter the network device already has. */
    filterId: optional(
      z
        .string()
        .trim()
        .max(MAX_VALUE_OCTETS, `Use at most ${MAX_VALUE_OCTETS} characters`)
        .regex(/^[\x21-\x7e]+$/, "Use printable characters without spaces"),
    ),
    redirectType: optional(z.enum(["mdm-redirect"], { error: "Choose MDM Redirect or no redirection" })),
    redirectAcl: optional(aclName("redirect ACL")),
    /** The MDM server whose portal to redirect to; absent: the server that answered for the endpoint. */
    redirectMdmServerId: optional(z.string().trim().max(64)),
    /** Re-authentication timer, seconds: Session-Timeout + Termination-Action RADIUS-Request. */
    sessionTimeout: z
      .number({ error: "Enter a number of seconds" })
      .int("Enter whole seconds")
      .min(60, "Use 60 seconds to 7 days (604800 seconds)")
      .max(7 * 24 * 3600, "Use 60 seconds to 7 days (604800 seconds)")
      .optional(),
    advancedAttributes: z.array(advancedAttributeSchema).max(32, "Use at most 32 advanced attributes").default([]),
  })
  .superRefine((profile, context) => {
    if (profile.redirectType === "mdm-redirect" && !profile.redirectAcl) {
      context.addIssue({
        code: "custom",
        path: ["redirectAcl"],
        message: "Enter the redirect ACL: the switch redirects only the traffic this ACL permits",
      });
    }
    if (profile.redirectType !== "mdm-redirect" && profile.redirectMdmServerId) {
      context.addIssue({
        code: "custom",
        path: ["redirectMdmServerId"],
        message: "Choose MDM Redirect to use an MDM server's portal",
      });
    }
  });
export type AuthorizationProfileInput = z.infer<typeof authorizationProfileSchema>;
/** What the form edits before parsing (empty strings allowed). */
export type AuthorizationProfileFormInput = z.input<typeof authorizationProfileSchema>;

export type ReplyPreviewAttribute = { name: string; value: string; tag?: number };
export type ProfileReplyPreview = { code: "Access-Accept" | "Access-Reject"; attributes: ReplyPreviewAttribute[] };

/** What the preview shows for the per-request redirect URL (the MDM's redirect_url plus the endpoint's MAC). */
export const REDIRECT_URL_PLACEHOLDER = "<MDM portal URL>?mac=<endpoint MAC>";

/** RFC 2868 §3.1: tag 1 groups the three tunnel attributes of one VLAN assignment. */
const VLAN_TAG = 1;

/** One reply attribute of a profile: integers as numbers, everything else as text (RFC 2868 tag when tagged). */
export type ProfileAttribute = { name: string; value: string | number; tag?: number };

type ReplyFields = Pick<
  AuthorizationProfileInput,
  "accessType" | "vlan" | "dacl" | "filterId" | "redirectType" | "redirectAcl" | "sessionTimeout" | "advancedAttributes"
>;

/**
 * The attributes an accepting profile sends whatever the request, in order — the one definition the engine's
 * reply builder (`compileProfile`, lib/engine/aaa/reply.ts) and the form's preview both use. The MDM redirect
 * pair depends on the request (the URL names the endpoint) and is added by them.
 */
export function profileStaticAttributes(profile: ReplyFields): ProfileAttribute[] {
  if (profile.accessType !== "ACCESS_ACCEPT") return [];
  const attributes: ProfileAttribute[] = [];
  if (profile.vlan) {
    // RFC 3580 §3.31: a VLAN assignment is the three tunnel attributes under one tag.
    attributes.push(
      { name: "Tunnel-Type", value: "VLAN", tag: VLAN_TAG },
      { name: "Tunnel-Medium-Type", value: "IEEE-802", tag: VLAN_TAG },
      { name: "Tunnel-Private-Group-Id", value: profile.vlan, tag: VLAN_TAG },
    );
  }
  if (profile.filterId) attributes.push({ name: "Filter-Id", value: profile.filterId });
  if (profile.dacl) attributes.push({ name: "Cisco-AVPair", value: `ACS:CiscoSecure-Defined-ACL=${profile.dacl}` });
  if (profile.sessionTimeout) {
    attributes.push({ name: "Session-Timeout", value: profile.sessionTimeout });
    // RFC 2865 §5.29: re-authenticate (not disconnect) when the timer runs out.
    attributes.push({ name: "Termination-Action", value: "RADIUS-Request" });
  }
  for (const pair of profile.advancedAttributes) {
    const definition = getAttributeDefinition(pair.name as Parameters<typeof getAttributeDefinition>[0]);
    // Names the codec cannot send are skipped (the schema refuses them before they get here).
    if (!definition || pair.name === "Message-Authenticator" || pair.name === "Vendor-Specific") continue;
    const value = definition.type === "integer" && /^\d+$/.test(pair.value) ? Number(pair.value) : pair.value;
    attributes.push({ name: pair.name, value });
  }
  return attributes;
}

/**
 * The RADIUS attributes the engine sends for this profile alone, in order. The redirect URL depends on the
 * request, so it is shown as `redirectUrl` (a placeholder by default); the engine leaves the url-redirect pair
 * out when no MDM server has a portal URL.
 */
export function profileReplyPreview(
  profile: ReplyFields,
  { redirectUrl = REDIRECT_URL_PLACEHOLDER }: { redirectUrl?: string } = {},
): ProfileReplyPreview {
  if (profile.accessType !== "ACCESS_ACCEPT") return { code: "Access-Reject", attributes: [] };
  const attributes: ReplyPreviewAttribute[] = profileStaticAttributes(profile).map((attribute) => ({
    ...attribute,
    value: String(attribute.value),
  }));
  if (profile.redirectType === "mdm-redirect") {
    attributes.push({ name: "Cisco-AVPair", value: `url-redirect=${redirectUrl}` });
    if (profile.redirectAcl) attributes.push({ name: "Cisco-AVPair", value: `url-redirect-acl=${profile.redirectAcl}` });
  }
  return { code: "Access-Accept", attributes };
}
