import { describe, expect, it } from "vitest";
import { locate } from "./nav";

describe("navigation map", () => {
  it("finds the section, leaf and breadcrumb trail of a page, preferring the longest match", () => {
    const located = locate("/administration/network-resources/external-mdm/new");
    expect(located?.section.title).toBe("Administration");
    expect(located?.leaf.title).toBe("External MDM");
    expect(located?.trail).toEqual(["Network Resources"]);
    expect(locate("/")?.leaf.title).toBe("Summary");
    expect(locate("/nowhere")).toBeUndefined();
  });
});
