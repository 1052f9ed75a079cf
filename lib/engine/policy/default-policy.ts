// The typical MDM rule set (ise-mdm-reference §6) and the authorization profiles it uses: seeded as policy
// version 1 on first start, held in the same document structure the policy builder edits.
import type { AuthorizationProfileInput } from "../../validation/authorization-profile";
import type { PolicyDocument } from "../../validation/policy";

export const DEFAULT_POLICY_SET = "Default";

export const defaultPolicyDocument: PolicyDocument = {
  policySets: [
    {
      name: DEFAULT_POLICY_SET,
      rank: 0,
      state: "enabled",
      condition: null,
      rules: [
        {
          name: "MDM Unreachable",
          rank: 0,
          state: "enabled",
          condition: { type: "leaf", attribute: "MDM:MDMServerReachable", operator: "equals", value: "UnReachable" },
          profiles: ["Limited Access"],
        },
        {
          name: "MDM Unregistered",
          rank: 1,
          state: "enabled",
          condition: { type: "leaf", attribute: "MDM:DeviceRegisterStatus", operator: "equals", value: "UnRegistered" },
          profiles: ["MDM Redirect"],
        },
        {
          name: "MDM NonCompliant",
          rank: 2,
          state: "enabled",
          condition: { type: "leaf", attribute: "MDM:DeviceCompliantStatus", operator: "equals", value: "NonCompliant" },
          profiles: ["Quarantine"],
        },
        {
          name: "MDM Compliant",
          rank: 3,
          state: "enabled",
          condition: {
            type: "and",
            children: [
              { type: "leaf", attribute: "MDM:DeviceRegisterStatus", operator: "equals", value: "Registered" },
              { type: "leaf", attribute: "MDM:DeviceCompliantStatus", operator: "equals", value: "Compliant" },
            ],
          },
          profiles: ["Corporate Access"],
        },
        { name: "Default", rank: 4, state: "enabled", condition: null, profiles: ["DenyAccess"] },
      ],
    },
  ],
  libraryConditions: [],
};

/** Built-ins (PermitAccess, DenyAccess) and the profiles of the typical rule set. */
export const defaultAuthorizationProfiles: (AuthorizationProfileInput & { isBuiltIn: boolean })[] = [
  { name: "PermitAccess", accessType: "ACCESS_ACCEPT", advancedAttributes: [], isBuiltIn: true },
  { name: "DenyAccess", accessType: "ACCESS_REJECT", advancedAttributes: [], isBuiltIn: true },
  {
    name: "Corporate Access",
    description: "Registered and compliant devices: the corporate VLAN",
    accessType: "ACCESS_ACCEPT",
    vlan: "10",
    advancedAttributes: [],
    isBuiltIn: false,
  },
  {
    name: "Limited Access",
    description: "MDM unreachable: Internet-only VLAN until the MDM answers again",
    accessType: "ACCESS_ACCEPT",
    vlan: "30",
    filterId: "LIMITED-ACCESS",
    sessionTimeout: 300,
    advancedAttributes: [],
    isBuiltIn: false,
  },
  {
    name: "MDM Redirect",
    description: "Unregistered devices: redirect to the MDM's enrolment portal",
    accessType: "ACCESS_ACCEPT",
    redirectType: "mdm-redirect",
    redirectAcl: "ACL-MDM-REDIRECT",
    sessionTimeout: 600,
    advancedAttributes: [],
    isBuiltIn: false,
  },
  {
    name: "Quarantine",
    description: "Non-compliant devices: remediation VLAN and ACL",
    accessType: "ACCESS_ACCEPT",
    vlan: "99",
    dacl: "QUARANTINE",
    filterId: "QUARANTINE",
    sessionTimeout: 600,
    advancedAttributes: [],
    isBuiltIn: false,
  },
];
