// Context Visibility › Endpoints: the list's query string, the endpoint key in URLs, and the MDM action request.
// One schema per input, shared by the route handlers, the engine's control routes and the browser's views.
import { z } from "zod";
import { normalizeMac } from "./mac";

/** An absent or blank query parameter is "no filter". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

/** A full MAC address in any common spelling → 12 upper-case hex digits (the stored form). */
export const endpointMacSchema = z.string().transform((value, context) => {
  const normalized = normalizeMac(value);
  if (!normalized) {
    context.addIssue({ code: "custom", message: "Enter a full MAC address, e.g. 00:26:B4:24:FE:B4" });
    return z.NEVER;
  }
  return normalized;
});

export const complianceFilters = ["compliant", "noncompliant", "unknown"] as const;
export const registeredFilters = ["yes", "no", "unknown"] as const;
export const sessionFilters = ["active", "none"] as const;
export const decisionFilters = ["accept", "reject"] as const;
export const endpointSorts = ["lastSeen", "mac"] as const;
export type EndpointSort = (typeof endpointSorts)[number];

/**
 * The search box: MAC or GUID. Without a `*` it matches from the start (an index range, fast at any size);
 * a leading `*` matches anywhere (`*FEB4`), which reads the whole table when few endpoints match.
 */
export type EndpointSearch = { mode: "prefix" | "contains"; text: string; macDigits: string | undefined };

export function parseEndpointSearch(raw: string): EndpointSearch | undefined {
  const contains = raw.trim().startsWith("*");
  const text = raw.trim().replace(/^\*+/, "").replace(/\*+$/, "").trim();
  if (text === "") return undefined;
  const digits = text.replace(/[:.-]/g, "").toUpperCase();
  return { mode: contains ? "contains" : "prefix", text, macDigits: /^[0-9A-F]{1,12}$/.test(digits) ? digits : undefined };
}

/** The keyset cursor: the sort it belongs to, the last row's sort key (null for rows without one) and id. */
export type EndpointCursor = { sort: EndpointSort; key: string | null; id: string };

/** `<sort>~<key>~<id>`: sort keys are ISO times or MACs, ids are cuid-like; none contains `~`. */
export function encodeEndpointCursor(cursor: EndpointCursor | undefined): string | null {
  return cursor ? `${cursor.sort}~${cursor.key ?? ""}~${cursor.id}` : null;
}

const cursorSchema = z.string().transform((value, context) => {
  const [sort, key, id, ...rest] = value.split("~");
  const parsedSort = z.enum(endpointSorts).safeParse(sort);
  if (
    rest.length > 0 ||
    !parsedSort.success ||
    key === undefined ||
    !/^[0-9A-Za-z:.+-]{0,40}$/.test(key) ||
    !id ||
    !/^[A-Za-z0-9_-]{1,64}$/.test(id)
  ) {
    context.addIssue({ code: "custom", message: "This page link is not valid; start again from the first page" });
    return z.NEVER;
  }
  return { sort: parsedSort.data, key: key === "" ? null : key, id } satisfies EndpointCursor;
});

/**
 * `GET /api/endpoints` and the list page's URL: `?q=&compliance=&registered=&session=&mdmServer=&decision=&sort=&cursor=&take=`.
 * The names are a contract: the Home page links to `/context/endpoints?compliance=noncompliant` and the like.
 */
export const endpointListQuerySchema = z
  .object({
    q: optional(
      z
        .string()
        .max(64, "Search with at most 64 characters")
        .transform((value) => parseEndpointSearch(value)),
    ),
    compliance: optional(z.enum(complianceFilters, { error: "Choose compliant, noncompliant or unknown" })),
    registered: optional(z.enum(registeredFilters, { error: "Choose yes, no or unknown" })),
    session: optional(z.enum(sessionFilters, { error: "Choose active or none" })),
    mdmServer: optional(z.string().trim().max(64)),
    decision: optional(z.enum(decisionFilters, { error: "Choose accept or reject" })),
    sort: optional(z.enum(endpointSorts, { error: "Sort by lastSeen or mac" })).transform((value) => value ?? "lastSeen"),
    cursor: optional(cursorSchema),
    take: z.coerce
      .number()
      .int("Enter a whole number")
      .min(1, "Show 1–200 rows per page")
      .max(200, "Show 1–200 rows per page")
      .default(50),
  })
  .refine((query) => !query.cursor || query.cursor.sort === query.sort, {
    path: ["cursor"],
    message: "This page link belongs to another sort order; start again from the first page",
  });
export type EndpointListQuery = z.output<typeof endpointListQuerySchema>;

/** The actions of ise-mdm-reference §1.3, with who may start them and what they do to the device. */
export const mdmActions = ["pin_lock", "corporate_wipe", "full_wipe"] as const;
export type MdmAction = (typeof mdmActions)[number];

export const mdmActionInfo: Record<MdmAction, { label: string; role: "policy-admin" | "super-admin"; effect: string }> = {
  pin_lock: {
    label: "PIN lock",
    role: "policy-admin",
    effect: "The MDM locks the device's screen; its user unlocks it with the device PIN.",
  },
  corporate_wipe: {
    label: "Corporate wipe",
    role: "super-admin",
    effect: "The MDM removes corporate apps, data and profiles; personal data stays. The device usually leaves management.",
  },
  full_wipe: {
    label: "Full wipe",
    role: "super-admin",
    effect: "The MDM erases the whole device back to factory settings, personal data included. This cannot be undone.",
  },
};

/**
 * `POST /api/endpoints/<mac>/mdm-action`: the action and the typed confirmation — the endpoint's MAC, in any
 * spelling — so a wipe is never one click away. The route checks the confirmation names this endpoint.
 */
export const mdmActionRequestSchema = z.object({
  action: z.enum(mdmActions, { error: "Choose PIN lock, corporate wipe or full wipe" }),
  confirmation: z.string().max(64).default(""),
});
export type MdmActionRequest = z.input<typeof mdmActionRequestSchema>;

/** Whether `typed` names the endpoint `mac` (12 upper-case hex digits). */
export function confirmsEndpoint(typed: string, mac: string): boolean {
  return normalizeMac(typed) === mac;
}
