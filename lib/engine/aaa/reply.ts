// Authorization profiles → reply attributes. Built once per profile at configuration load; per request
// only the MDM redirect URL (which names the endpoint) is filled in.
import type { AttributeInput, NamedAttributeInput } from "../radius";
import { getAttributeDefinition, type AttributeName } from "../radius";
import type { AuthorizationProfileInput } from "../../validation/authorization-profile";

export interface CompiledProfile {
  name: string;
  isReject: boolean;
  /** An attribute is encrypted with the request's authenticator (Tunnel-Password, MS-MPPE keys). */
  hasSaltedAttribute: boolean;
  /** Attributes that do not depend on the request. */
  attributes: readonly AttributeInput[];
  redirect: { acl: string | undefined; mdmServerId: string | undefined } | undefined;
}

/** RFC 2868 §3.1: tag 1 groups the three tunnel attributes of one VLAN assignment (RFC 3580 §3.31). */
const VLAN_TAG = 1;

export function compileProfile(profile: AuthorizationProfileInput): CompiledProfile {
  const attributes: AttributeInput[] = [];
  if (profile.accessType === "ACCESS_ACCEPT") {
    if (profile.vlan) {
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
      attributes.push({ name: "Termination-Action", value: "RADIUS-Request" } as NamedAttributeInput);
    }
    for (const pair of profile.advancedAttributes) {
      const attribute = advancedAttribute(pair.name, pair.value);
      if (attribute) attributes.push(attribute);
    }
  }
  return {
    name: profile.name,
    isReject: profile.accessType === "ACCESS_REJECT",
    hasSaltedAttribute: attributes.some(
      (attribute) => "name" in attribute && getAttributeDefinition(attribute.name)?.encrypt !== undefined,
    ),
    attributes,
    redirect:
      profile.accessType === "ACCESS_ACCEPT" && profile.redirectType === "mdm-redirect"
        ? { acl: profile.redirectAcl, mdmServerId: profile.redirectMdmServerId }
        : undefined,
  };
}

/** Advanced attribute pairs by dictionary name; integers given as text are converted; unknown names skipped. */
function advancedAttribute(name: string, value: string): AttributeInput | undefined {
  const definition = getAttributeDefinition(name as AttributeName);
  if (!definition || name === "Message-Authenticator" || name === "Vendor-Specific") return undefined;
  const typed: string | number = definition.type === "integer" && /^\d+$/.test(value) ? Number(value) : value;
  return { name, value: typed } as unknown as AttributeInput;
}

/**
 * The MDM redirect URL: the MDM's `redirect_url` with the endpoint's MAC appended as `mac=<12 hex>`
 * (our choice, as ISE appends endpoint identifiers so the portal can enrol the right device).
 */
export function redirectUrlFor(redirectUrl: string, mac: string | undefined): string {
  if (!mac) return redirectUrl;
  return `${redirectUrl}${redirectUrl.includes("?") ? "&" : "?"}mac=${mac}`;
}

export interface ReplyPlan {
  isReject: boolean;
  /** The reply depends only on the profiles (no redirect URL, nothing salted): it can be encoded once. */
  isTemplatable: boolean;
  attributes: AttributeInput[];
  profileNames: string[];
}

/**
 * Merges the profiles of the matched rule: any reject profile rejects; otherwise their attributes in order,
 * plus the url-redirect pair (Cisco-AVPair `url-redirect=`, `url-redirect-acl=`) for an MDM Redirect.
 */
export function buildReply(
  profiles: readonly (CompiledProfile | undefined)[],
  names: readonly string[],
  redirect: (mdmServerId: string | undefined) => string | undefined,
): ReplyPlan {
  const attributes: AttributeInput[] = [];
  let isReject = false;
  let isTemplatable = true;
  for (const profile of profiles) {
    // A missing profile (renamed since the policy was saved) fails closed.
    if (!profile || profile.isReject) {
      isReject = true;
      break;
    }
    for (const attribute of profile.attributes) attributes.push(attribute);
    if (profile.hasSaltedAttribute) isTemplatable = false;
    if (profile.redirect) {
      isTemplatable = false;
      const url = redirect(profile.redirect.mdmServerId);
      if (url) attributes.push({ name: "Cisco-AVPair", value: `url-redirect=${url}` });
      if (profile.redirect.acl) attributes.push({ name: "Cisco-AVPair", value: `url-redirect-acl=${profile.redirect.acl}` });
    }
  }
  return { isReject, isTemplatable, attributes: isReject ? [] : attributes, profileNames: [...names] };
}
