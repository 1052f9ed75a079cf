import { describe, expect, it } from "vitest";
import { buildReply, compileProfile } from "../engine/aaa/reply";
import { defaultAuthorizationProfiles } from "../engine/policy/default-policy";
import { authorizationProfileSchema, profileReplyPreview, REDIRECT_URL_PLACEHOLDER } from "./authorization-profile";

const parse = (fields: Record<string, unknown>) =>
  authorizationProfileSchema.safeParse({ name: "P", accessType: "ACCESS_ACCEPT", ...fields });
const errors = (fields: Record<string, unknown>) => {
  const result = parse(fields);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
};

describe("authorizationProfileSchema", () => {
  it("treats empty boxes as not set", () => {
    const result = parse({ vlan: "", dacl: " ", filterId: "", redirectAcl: "", description: "" });
    expect(result.success).toBe(true);
    expect(result.data).toEqual({ name: "P", accessType: "ACCESS_ACCEPT", advancedAttributes: [] });
  });

  it("takes a VLAN id 1–4094 or a VLAN name", () => {
    expect(parse({ vlan: "10" }).success).toBe(true);
    expect(parse({ vlan: "CORP-USERS" }).success).toBe(true);
    expect(errors({ vlan: "4095" })).toEqual({ vlan: "VLAN ids are 1–4094" });
    expect(errors({ vlan: "0" })).toEqual({ vlan: "VLAN ids are 1–4094" });
    expect(errors({ vlan: "corp users" })).toEqual({
      vlan: "Use a VLAN id (1–4094) or a VLAN name: letters, digits, _ . - only",
    });
  });

  it("requires the redirect ACL for an MDM Redirect and a redirect for an MDM server", () => {
    expect(errors({ redirectType: "mdm-redirect" })).toEqual({
      redirectAcl: "Enter the redirect ACL: the switch redirects only the traffic this ACL permits",
    });
    expect(errors({ redirectMdmServerId: "abc" })).toEqual({
      redirectMdmServerId: "Choose MDM Redirect to use an MDM server's portal",
    });
    expect(errors({ dacl: "MY ACL" })).toEqual({ dacl: "Use letters, digits and _ . : - only in the dACL name (no spaces)" });
  });

  it("bounds the re-authentication timer", () => {
    expect(errors({ sessionTimeout: 59 })).toEqual({ sessionTimeout: "Use 60 seconds to 7 days (604800 seconds)" });
    expect(errors({ sessionTimeout: 1.5 })).toEqual({ sessionTimeout: "Enter whole seconds" });
    expect(parse({ sessionTimeout: 3600 }).success).toBe(true);
  });

  it("accepts advanced attributes an Access-Accept can carry, typed", () => {
    const ok = parse({
      advancedAttributes: [
        { name: "Idle-Timeout", value: "600" },
        { name: "Service-Type", value: "Framed-User" },
        { name: "Tunnel-Type", value: "13" },
        { name: "Framed-IP-Address", value: "10.0.0.7" },
        { name: "Cisco-AVPair", value: "device-traffic-class=voice" },
        { name: "Aruba-User-Role", value: "employee" },
      ],
    });
    expect(ok.success).toBe(true);
  });

  it("refuses request-only, engine-owned and unknown attributes by name, and mistyped values", () => {
    const attrs = (name: string, value = "x") => errors({ advancedAttributes: [{ name, value }] });
    expect(attrs("Message-Authenticator")).toEqual({
      "advancedAttributes.0.name": "Message-Authenticator is set by the engine itself and cannot be added to a profile",
    });
    expect(attrs("User-Password")["advancedAttributes.0.name"]).toContain("set by the engine itself");
    expect(attrs("State")["advancedAttributes.0.name"]).toContain("set by the engine itself");
    expect(attrs("EAP-Message")["advancedAttributes.0.name"]).toContain("set by the engine itself");
    expect(attrs("Vendor-Specific")["advancedAttributes.0.name"]).toContain("set by the engine itself");
    expect(attrs("Calling-Station-Id")).toEqual({
      "advancedAttributes.0.name": "Calling-Station-Id is a request attribute: an Access-Accept does not carry it",
    });
    expect(attrs("Nope-Attribute")).toEqual({ "advancedAttributes.0.name": "Nope-Attribute is not in the Radius dictionary" });
    expect(attrs("Session-Timeout", "ten")).toEqual({
      "advancedAttributes.0.value": "Session-Timeout takes a whole number 0–4294967295",
    });
    expect(attrs("Termination-Action", "Later")["advancedAttributes.0.value"]).toBe(
      "Termination-Action takes one of Default, RADIUS-Request (or its number)",
    );
    expect(attrs("Termination-Action", "7")["advancedAttributes.0.value"]).toContain("takes one of");
    expect(attrs("Framed-IP-Address", "10.0.0.300")["advancedAttributes.0.value"]).toBe(
      "Framed-IP-Address takes an IPv4 address",
    );
    expect(attrs("Reply-Message", "")["advancedAttributes.0.value"]).toBe("Enter a value for Reply-Message");
  });
});

describe("profileReplyPreview", () => {
  const URL = "https://mdm.example/enrol?mac=0026B424FEB4";
  /** What the engine sends for the profile alone, as the live log shows it. */
  function engineReply(profile: ReturnType<typeof authorizationProfileSchema.parse>) {
    const plan = buildReply([compileProfile(profile)], [profile.name], () => URL);
    return {
      code: plan.isReject ? "Access-Reject" : "Access-Accept",
      attributes: plan.attributes.map((attribute) => {
        const named = attribute as { name: string; value: unknown; tag?: number };
        return { name: named.name, value: String(named.value), ...(named.tag ? { tag: named.tag } : {}) };
      }),
    };
  }

  const cases: Record<string, Record<string, unknown>> = {
    reject: { accessType: "ACCESS_REJECT", vlan: "10" },
    permit: {},
    vlanAndDacl: { vlan: "20", dacl: "EMPLOYEE" },
    everything: {
      vlan: "CORP",
      dacl: "CORP-ACL",
      filterId: "CORP-FILTER",
      sessionTimeout: 7200,
      redirectType: "mdm-redirect",
      redirectAcl: "ACL-REDIRECT",
      advancedAttributes: [
        { name: "Idle-Timeout", value: "300" },
        { name: "Tunnel-Type", value: "VLAN" },
        { name: "Reply-Message", value: "Welcome" },
      ],
    },
  };

  for (const [label, fields] of Object.entries(cases)) {
    it(`matches the engine's reply: ${label}`, () => {
      const profile = authorizationProfileSchema.parse({ name: label, accessType: "ACCESS_ACCEPT", ...fields });
      expect(profileReplyPreview(profile, { redirectUrl: URL })).toEqual(engineReply(profile));
    });
  }

  it("matches the engine for every default profile", () => {
    for (const profile of defaultAuthorizationProfiles) {
      expect(profileReplyPreview(profile, { redirectUrl: URL }), profile.name).toEqual(engineReply(profile));
    }
  });

  it("shows the VLAN as the three tagged tunnel attributes and the redirect URL as a placeholder", () => {
    const preview = profileReplyPreview(
      authorizationProfileSchema.parse({
        name: "X",
        accessType: "ACCESS_ACCEPT",
        vlan: "30",
        redirectType: "mdm-redirect",
        redirectAcl: "R",
      }),
    );
    expect(preview.attributes).toEqual([
      { name: "Tunnel-Type", value: "VLAN", tag: 1 },
      { name: "Tunnel-Medium-Type", value: "IEEE-802", tag: 1 },
      { name: "Tunnel-Private-Group-Id", value: "30", tag: 1 },
      { name: "Cisco-AVPair", value: `url-redirect=${REDIRECT_URL_PLACEHOLDER}` },
      { name: "Cisco-AVPair", value: "url-redirect-acl=R" },
    ]);
  });
});
