// Authorization profiles → reply attributes. Built once per profile at configuration load; per request
// only the MDM redirect URL (which names the endpoint) is filled in.
import type { AttributeInput } from "../radius";
import { getAttributeDefinition } from "../radius";
import { profileStaticAttributes, type AuthorizationProfileInput } from "../../validation/authorization-profile";

export interface CompiledProfile {
  name: string;
  isReject: boolean;
  /** An attribute is encrypted with the request's authenticator (Tunnel-Password, MS-MPPE keys). */
  hasSaltedAttribute: boolean;
  /** Attributes that do not depend on the request. */
  attributes: readonly AttributeInput[];
  redirect: { acl: string | undefined; mdmServerId: string | undefined } | undefined;
}

export function compileProfile(profile: AuthorizationProfileInput): CompiledProfile {
  // The attribute list is defined once, next to the schema, so the form's preview shows exactly this.
  const attributes = profileStaticAttributes(profile) as unknown as AttributeInput[];
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
