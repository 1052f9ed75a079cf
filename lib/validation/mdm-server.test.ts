import { describe, expect, it } from "vitest";
import { createMdmServerSchema, mdmServerFormSchema, mdmSettingsSchema, mdmTestConnectionSchema } from "./mdm-server";
import { importTrustedCertificateSchema, updateTrustedCertificateSchema } from "./trusted-certificate";

const valid = { name: "Corp MDM", host: "mdm.example.com", username: "iseapi", password: "secret" };

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
}

describe("mdmServerFormSchema", () => {
  it("applies the reference defaults", () => {
    expect(createMdmServerSchema.parse(valid)).toEqual({
      ...valid,
      serverType: "mdm",
      authType: "basic",
      port: 443,
      instance: undefined,
      pollingIntervalMinutes: 0,
      cacheExpirationMinutes: 60,
      deviceIdentifiers: ["san-uri-guid", "cn-guid", "mac"],
      isEnabled: true,
    });
  });

  it("requires the password on create only; blank on edit keeps the stored one", () => {
    expect(fieldErrors(createMdmServerSchema.safeParse({ ...valid, password: "" }))).toEqual({ password: "Enter the password" });
    expect(mdmServerFormSchema.safeParse({ ...valid, password: "" }).success).toBe(true);
    expect(mdmServerFormSchema.safeParse({ ...valid, password: undefined }).success).toBe(true);
  });

  it("explains each bad field", () => {
    const errors = fieldErrors(
      createMdmServerSchema.safeParse({
        name: "bad/name",
        host: "https://mdm.example.com/ciscoise",
        port: 0,
        instance: "a/b",
        username: "a:b",
        password: "x",
        pollingIntervalMinutes: 5,
        cacheExpirationMinutes: 20000,
        deviceIdentifiers: [],
        serverType: "other",
      }),
    );
    expect(errors).toMatchObject({
      name: "Use letters, digits, space, _ - and . only",
      host: "Enter a host name only; the API path is added automatically",
      port: "Enter a port between 1 and 65535",
      instance: "Use letters, digits, - and _ only",
      username: "A user name for Basic authentication cannot contain a colon",
      pollingIntervalMinutes: "Use 0 (polling off) or 15 to 1440 minutes",
      cacheExpirationMinutes: "Use 1 minute to 7 days (10080 minutes)",
      deviceIdentifiers: "Choose at least one device identifier",
    });
    expect(errors.serverType).toBeDefined();
  });

  it("accepts the polling range edges and rejects NaN from an empty number input", () => {
    for (const minutes of [0, 15, 1440])
      expect(createMdmServerSchema.safeParse({ ...valid, pollingIntervalMinutes: minutes }).success).toBe(true);
    for (const minutes of [1, 14, 1441, 1.5])
      expect(createMdmServerSchema.safeParse({ ...valid, pollingIntervalMinutes: minutes }).success).toBe(false);
    expect(fieldErrors(createMdmServerSchema.safeParse({ ...valid, port: Number.NaN })).port).toBe("Enter a port number");
  });

  it("refuses repeated device identifiers and keeps their order", () => {
    expect(createMdmServerSchema.safeParse({ ...valid, deviceIdentifiers: ["mac", "mac"] }).success).toBe(false);
    expect(createMdmServerSchema.parse({ ...valid, deviceIdentifiers: ["mac", "cn-guid"] }).deviceIdentifiers).toEqual([
      "mac",
      "cn-guid",
    ]);
  });
});

describe("mdmTestConnectionSchema", () => {
  it("needs a password unless a saved server's stored one is meant", () => {
    const connection = { host: "127.0.0.1", port: 9443, username: "iseapi" };
    expect(fieldErrors(mdmTestConnectionSchema.safeParse(connection))).toEqual({ password: "Enter the password" });
    expect(mdmTestConnectionSchema.safeParse({ ...connection, mdmServerId: "abc" }).success).toBe(true);
    expect(mdmTestConnectionSchema.safeParse({ ...connection, password: "p" }).success).toBe(true);
  });
});

describe("settings and certificate inputs", () => {
  it("validates the settings", () => {
    expect(
      mdmSettingsSchema.safeParse({ fallbackOnNotRegistered: true, fallbackOnError: false, lookupOrder: ["a", "b"] }).success,
    ).toBe(true);
    expect(mdmSettingsSchema.safeParse({ fallbackOnNotRegistered: "yes", fallbackOnError: false, lookupOrder: [] }).success).toBe(
      false,
    );
  });

  it("validates certificate imports and edits", () => {
    expect(importTrustedCertificateSchema.parse({ content: "x" })).toMatchObject({
      encoding: "text",
      trustForMdm: true,
      trustForClientAuth: false,
    });
    expect(fieldErrors(importTrustedCertificateSchema.safeParse({ content: "" }))).toEqual({
      content: "Choose a certificate file or paste a certificate",
    });
    expect(
      fieldErrors(updateTrustedCertificateSchema.safeParse({ friendlyName: " ", trustForMdm: true, trustForClientAuth: false })),
    ).toEqual({
      friendlyName: "Enter a friendly name",
    });
  });
});
