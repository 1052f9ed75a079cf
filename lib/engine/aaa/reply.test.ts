import { describe, expect, it } from "vitest";
import { decodePacket, encodePacket, encodeResponse, RadiusCode, signResponse } from "../radius";
import { defaultAuthorizationProfiles } from "../policy/default-policy";
import { buildReply, compileProfile, redirectUrlFor } from "./reply";

const profiles = new Map(defaultAuthorizationProfiles.map((profile) => [profile.name, compileProfile(profile)]));
const get = (...names: string[]) => names.map((name) => profiles.get(name));
const noRedirect = () => undefined;

describe("reply building", () => {
  it("turns a VLAN into the three RFC 2868 tunnel attributes with tag 1", () => {
    const plan = buildReply(get("Corporate Access"), ["Corporate Access"], noRedirect);
    expect(plan.isReject).toBe(false);
    expect(plan.attributes).toEqual([
      { name: "Tunnel-Type", value: "VLAN", tag: 1 },
      { name: "Tunnel-Medium-Type", value: "IEEE-802", tag: 1 },
      { name: "Tunnel-Private-Group-Id", value: "10", tag: 1 },
    ]);
  });

  it("adds Filter-Id, the dACL AVPair and the re-authentication timer", () => {
    const plan = buildReply(get("Quarantine"), ["Quarantine"], noRedirect);
    expect(plan.attributes).toEqual(
      expect.arrayContaining([
        { name: "Filter-Id", value: "QUARANTINE" },
        { name: "Cisco-AVPair", value: "ACS:CiscoSecure-Defined-ACL=QUARANTINE" },
        { name: "Session-Timeout", value: 600 },
        { name: "Termination-Action", value: "RADIUS-Request" },
      ]),
    );
  });

  it("builds the MDM redirect from the server's redirect_url with the endpoint's MAC", () => {
    const plan = buildReply(get("MDM Redirect"), ["MDM Redirect"], () =>
      redirectUrlFor("https://mdm.example/enroll", "0026B424FEB7"),
    );
    expect(plan.attributes).toEqual(
      expect.arrayContaining([
        { name: "Cisco-AVPair", value: "url-redirect=https://mdm.example/enroll?mac=0026B424FEB7" },
        { name: "Cisco-AVPair", value: "url-redirect-acl=ACL-MDM-REDIRECT" },
      ]),
    );
    expect(redirectUrlFor("https://mdm.example/enroll?tenant=1", "AA")).toBe("https://mdm.example/enroll?tenant=1&mac=AA");
  });

  it("rejects when any profile rejects or is missing (fail closed)", () => {
    expect(buildReply(get("DenyAccess"), ["DenyAccess"], noRedirect)).toMatchObject({ isReject: true, attributes: [] });
    expect(buildReply(get("Corporate Access", "Nope"), ["Corporate Access", "Nope"], noRedirect).isReject).toBe(true);
  });

  it("encodes advanced attributes by dictionary name and skips unknown ones", () => {
    const profile = compileProfile({
      name: "Adv",
      accessType: "ACCESS_ACCEPT",
      advancedAttributes: [
        { name: "Idle-Timeout", value: "900" },
        { name: "Reply-Message", value: "hello" },
        { name: "No-Such-Attribute", value: "x" },
      ],
    });
    expect(profile.attributes).toEqual([
      { name: "Idle-Timeout", value: 900 },
      { name: "Reply-Message", value: "hello" },
    ]);
  });

  it("every default profile encodes into a signed Access-Accept with Message-Authenticator first", () => {
    const request = { code: RadiusCode.AccessRequest, identifier: 7, authenticator: Buffer.alloc(16, 1) };
    for (const name of profiles.keys()) {
      const plan = buildReply(get(name), [name], () => "https://mdm.example/enroll?mac=0026B424FEB7");
      const encoded = encodeResponse(
        { code: plan.isReject ? RadiusCode.AccessReject : RadiusCode.AccessAccept, attributes: plan.attributes },
        request,
        "secret",
      );
      expect(encoded.ok).toBe(true);
      if (!encoded.ok) continue;
      const decoded = decodePacket(encoded.bytes);
      expect(decoded.ok && decoded.packet.messageAuthenticatorOffset).toBe(20);
    }
  });

  it("a reply template re-signed per request is byte for byte the freshly encoded reply", () => {
    const plan = buildReply(get("Quarantine"), ["Quarantine"], noRedirect);
    expect(plan.isTemplatable).toBe(true);
    const template = encodePacket(
      { code: RadiusCode.AccessAccept, identifier: 0, attributes: plan.attributes },
      { messageAuthenticator: true },
    );
    expect(template.ok).toBe(true);
    if (!template.ok) return;
    for (const identifier of [0, 77, 255]) {
      const request = { code: RadiusCode.AccessRequest, identifier, authenticator: Buffer.alloc(16, identifier) };
      const copy = Buffer.from(template.bytes);
      copy[1] = identifier;
      const fresh = encodeResponse({ code: RadiusCode.AccessAccept, attributes: plan.attributes }, request, "s3cret");
      expect(fresh.ok && signResponse(copy, request, "s3cret").equals(fresh.bytes)).toBe(true);
    }
    expect(buildReply(get("MDM Redirect"), ["MDM Redirect"], () => "https://x/").isTemplatable).toBe(false);
  });
});
