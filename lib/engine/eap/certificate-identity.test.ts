import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCertificateAuthority, issueCertificate } from "../pki/issue";
import { certificateFacts, guidFromCommonName, guidFromIdUri, subjectAltNameEntries } from "./certificate-identity";

describe("device GUID from certificate fields (ise-mdm-reference §2)", () => {
  it.each([
    ["ID:Mobileiron:GUID:6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f", "6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f"],
    ["ID:Intune:GUID:7A2D3E8F-9CAB-4D4E-8F30-2B3C4D5E6F70", "7A2D3E8F-9CAB-4D4E-8F30-2B3C4D5E6F70"],
    ["ID:Microsoft Endpoint Manager:GUID:abc123 ", "abc123"],
    ["ID:Vendor:GUID:outer:GUID:inner", "inner"],
    ["https://example.com/device", undefined],
    ["ID:Mobileiron:GUID:", undefined],
  ])("%s → %s", (uri, guid) => {
    expect(guidFromIdUri(uri)).toBe(guid);
  });

  it("reads a GUID from a CN in the ID form or bare, and nothing from a host name", () => {
    expect(guidFromCommonName("ID:Mobileiron:GUID:1234")).toBe("1234");
    expect(guidFromCommonName("6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f")).toBe("6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f");
    expect(guidFromCommonName("{6F1C2D7E-8B9A-4C3D-9E2F-1A2B3C4D5E6F}")).toBe("6F1C2D7E-8B9A-4C3D-9E2F-1A2B3C4D5E6F");
    expect(guidFromCommonName("alice-laptop.corp.example.com")).toBeUndefined();
  });

  it("splits node's subjectAltName text, keeping quoted entries whole", () => {
    expect(subjectAltNameEntries('DNS:a.example, URI:"ID:X:GUID:1,2", URI:ID:Y:GUID:3')).toEqual([
      { type: "DNS", value: "a.example" },
      { type: "URI", value: "ID:X:GUID:1,2" },
      { type: "URI", value: "ID:Y:GUID:3" },
    ]);
    expect(subjectAltNameEntries(undefined)).toEqual([]);
  });

  it("fills the CERTIFICATE dictionary facts from a device certificate", async () => {
    const ca = await createCertificateAuthority({ commonName: "Device CA" });
    const device = await issueCertificate({
      issuer: ca,
      commonName: "ID:Intune:GUID:11111111-2222-4333-8444-555555555555",
      profile: "client",
      uris: ["https://portal.example/enrol", "ID:Mobileiron:GUID:6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f"],
    });
    const facts = certificateFacts(new X509Certificate(device.certificatePem));
    expect(facts).toMatchObject({
      subjectCommonName: "ID:Intune:GUID:11111111-2222-4333-8444-555555555555",
      issuerCommonName: "Device CA",
      sanUris: ["https://portal.example/enrol", "ID:Mobileiron:GUID:6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f"],
      sanUriGuid: "6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f",
      cnGuid: "11111111-2222-4333-8444-555555555555",
    });
    expect(facts.serialNumber).toMatch(/^[0-9A-F]+$/);
  });
});
