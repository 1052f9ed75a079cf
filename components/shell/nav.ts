// The console's map: top-level sections like ISE's menu, each with its left tree. Leaves marked
// `planned` have no page yet; the catch-all route shows their honest empty state from `description`.
export type NavLeaf = { title: string; href: string; description?: string; planned?: boolean };
export type NavGroup = { title: string; children: (NavLeaf | NavGroup)[] };
export type NavSection = { key: string; title: string; href: string; tree: (NavLeaf | NavGroup)[] };

export const navSections: NavSection[] = [
  {
    key: "home",
    title: "Home",
    href: "/",
    tree: [{ title: "Summary", href: "/" }],
  },
  {
    key: "context",
    title: "Context Visibility",
    href: "/context/endpoints",
    tree: [
      {
        title: "Endpoints",
        href: "/context/endpoints",
        description:
          "Every device seen in RADIUS requests, with its MAC, certificate GUID, MDM server, registration and compliance, active sessions and recent decisions.",
      },
    ],
  },
  {
    key: "operations",
    title: "Operations",
    href: "/operations/live-logs",
    tree: [
      {
        title: "RADIUS",
        children: [
          {
            title: "Live Logs",
            href: "/operations/live-logs",
          },
          {
            title: "Live Sessions",
            href: "/operations/live-sessions",
          },
          {
            title: "CoA Log",
            href: "/operations/coa-log",
          },
        ],
      },
    ],
  },
  {
    key: "policy",
    title: "Policy",
    href: "/policy/policy-sets",
    tree: [
      {
        title: "Policy Sets",
        href: "/policy/policy-sets",
      },
      {
        title: "Policy Elements",
        children: [
          {
            title: "Dictionaries",
            href: "/policy/dictionaries",
          },
          {
            title: "Conditions",
            href: "/policy/conditions",
          },
          {
            title: "Authorization Profiles",
            href: "/policy/results/authorization-profiles",
          },
        ],
      },
    ],
  },
  {
    key: "administration",
    title: "Administration",
    href: "/administration/system/administrators",
    tree: [
      {
        title: "System",
        children: [
          { title: "Administrators", href: "/administration/system/administrators" },
          {
            title: "Audit Log",
            href: "/administration/system/audit-log",
          },
          {
            title: "Trusted Certificates",
            href: "/administration/certificates/trusted",
          },
          {
            title: "System Certificates",
            href: "/administration/certificates/system",
          },
        ],
      },
      {
        title: "Network Resources",
        children: [
          {
            title: "Network Devices",
            href: "/administration/network-resources/network-devices",
          },
          {
            title: "External MDM",
            href: "/administration/network-resources/external-mdm",
          },
          {
            title: "General MDM Settings",
            href: "/administration/network-resources/general-mdm-settings",
          },
        ],
      },
    ],
  },
];

export function isGroup(node: NavLeaf | NavGroup): node is NavGroup {
  return "children" in node;
}

function leaves(nodes: (NavLeaf | NavGroup)[], trail: string[]): { leaf: NavLeaf; trail: string[] }[] {
  return nodes.flatMap((node) => (isGroup(node) ? leaves(node.children, [...trail, node.title]) : [{ leaf: node, trail }]));
}

/** The section, the leaf and the breadcrumb trail for a path (longest matching href wins). */
export function locate(pathname: string) {
  let best: { section: NavSection; leaf: NavLeaf; trail: string[] } | undefined;
  for (const section of navSections) {
    for (const { leaf, trail } of leaves(section.tree, [])) {
      const matches = leaf.href === "/" ? pathname === "/" : pathname === leaf.href || pathname.startsWith(leaf.href + "/");
      if (matches && (!best || leaf.href.length > best.leaf.href.length)) best = { section, leaf, trail };
    }
  }
  return best;
}
