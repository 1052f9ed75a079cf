/**
 * The System dictionaries' attribute definitions (ise-mdm-reference §4). Pure data, shared by the data
 * module that writes the rows, the dictionary pages and the policy engine.
 */

export type DictionaryDataType = "string" | "int" | "enum" | "boolean" | "ip" | "mac" | "date";

export type DictionaryAttributeDefinition = {
  name: string;
  internalName: string;
  dataType: DictionaryDataType;
  allowedValues?: string[];
  description: string;
  direction: "in" | "out" | "both";
};

export const MDM_DICTIONARY = "MDM";

/** The MDM dictionary: names and internal names from seeds 001/002, value sets per reference §4. */
export const mdmDictionaryAttributes: DictionaryAttributeDefinition[] = [
  {
    name: "DeviceRegisterStatus",
    internalName: "register_status",
    dataType: "enum",
    allowedValues: ["Registered", "UnRegistered"],
    description: "Whether the endpoint is registered (enrolled) with the MDM server.",
    direction: "in",
  },
  {
    name: "DeviceCompliantStatus",
    internalName: "compliant_status",
    dataType: "enum",
    allowedValues: ["Compliant", "NonCompliant"],
    description: "The compliance state the MDM server reports for the endpoint.",
    direction: "in",
  },
  {
    name: "DiskEncryptionStatus",
    internalName: "disk_encryption_on",
    dataType: "enum",
    allowedValues: ["On", "Off"],
    description: "Whether the device's storage is encrypted.",
    direction: "in",
  },
  {
    name: "PinLockStatus",
    internalName: "pin_lock_on",
    dataType: "enum",
    allowedValues: ["On", "Off"],
    description: "Whether a PIN or passcode lock is set on the device.",
    direction: "in",
  },
  {
    name: "JailBrokenStatus",
    internalName: "jail_broken",
    dataType: "enum",
    allowedValues: ["Broken", "Unbroken"],
    description: "Whether the device is jailbroken or rooted.",
    direction: "in",
  },
  {
    name: "MDMServerReachable",
    internalName: "MDMServerReachable",
    dataType: "enum",
    allowedValues: ["Reachable", "UnReachable"],
    description: "Whether the MDM server answered the compliance query.",
    direction: "in",
  },
  {
    name: "MDMServerName",
    internalName: "MDMServerName",
    dataType: "string",
    description: "Name of the MDM integration that answered for the endpoint.",
    direction: "in",
  },
  {
    name: "MDMFailureReason",
    internalName: "failure_reason",
    dataType: "string",
    description: "The compliance failure reason reported by the MDM server.",
    direction: "in",
  },
  {
    name: "DaysSinceLastCheckin",
    internalName: "days_since_last_checkin",
    dataType: "int",
    description: "Days since the device last checked in with the MDM server (1–365, from lastCheckinTimeStamp).",
    direction: "in",
  },
  {
    name: "UserNotified",
    internalName: "user_notified",
    dataType: "enum",
    allowedValues: ["Yes", "No"],
    description: "Whether the user has been notified of non-compliance by the MDM server.",
    direction: "in",
  },
  {
    name: "ServerType",
    internalName: "server_type",
    dataType: "enum",
    allowedValues: ["MDM", "DM"],
    description: "Type of the server that answered: Mobile Device Manager or Desktop Device Manager.",
    direction: "in",
  },
  { name: "IMEI", internalName: "imei", dataType: "string", description: "The device's IMEI.", direction: "in" },
  { name: "MEID", internalName: "meid", dataType: "string", description: "The device's MEID.", direction: "in" },
  { name: "UDID", internalName: "udid", dataType: "string", description: "The device's UDID.", direction: "in" },
  {
    name: "SerialNumber",
    internalName: "serial_number",
    dataType: "string",
    description: "The device's serial number.",
    direction: "in",
  },
  {
    name: "PhoneNumber",
    internalName: "phone_number",
    dataType: "string",
    description: "The device's phone number.",
    direction: "in",
  },
  {
    name: "Manufacturer",
    internalName: "manufacturer",
    dataType: "string",
    description: "The device's manufacturer.",
    direction: "in",
  },
  { name: "Model", internalName: "model", dataType: "string", description: "The device's model.", direction: "in" },
  {
    name: "OsVersion",
    internalName: "os_version",
    dataType: "string",
    description: "The device's operating system version.",
    direction: "in",
  },
];
