// Public API of the RADIUS codec: pure bytes ↔ packets, the dictionary, and packet authentication.
// The UDP listener and CoA client are built on top of this module; nothing here touches a socket.
export {
  RadiusCode,
  radiusCodeNames,
  isRadiusCode,
  isRequestCode,
  isValidResponseCode,
  hasRandomRequestAuthenticator,
  type RequestCode,
  type ResponseCode,
} from "./codes";
export {
  ATTRIBUTE_DEFINITIONS,
  VENDORS,
  VendorId,
  attributeKey,
  exportDictionary,
  getAttributeDefinition,
  getAttributeDefinitionByCode,
  getVendor,
  parseAttributeIdentifier,
  unknownAttributeName,
  valueName,
  type AttributeDataType,
  type AttributeDefinition,
  type AttributeEncryption,
  type AttributeIdentifier,
  type AttributeInputValue,
  type AttributeName,
  type AttributeValue,
  type DictionaryAttributeEntry,
  type DictionaryExport,
  type EncryptedAttributeName,
  type ParseAttributeIdentifierResult,
  type TaggedAttributeName,
  type VendorDefinition,
} from "./dictionary";
export {
  decodePacket,
  RadiusPacket,
  HEADER_LENGTH,
  MAX_PACKET_LENGTH,
  type DecodedAttribute,
  type DecodeError,
  type DecodeErrorCode,
  type DecodeResult,
  type RadiusAttribute,
} from "./packet";
export {
  encodePacket,
  encodeRequest,
  encodeResponse,
  type AttributeInput,
  type EncodeError,
  type EncodeErrorCode,
  type EncodeOptions,
  type EncodeResult,
  type NamedAttributeInput,
  type PacketInput,
  type RawAttributeInput,
  type RequestInput,
  type ResponseInput,
  type SignedEncodeOptions,
} from "./encode";
export {
  signRequest,
  signResponse,
  verifyRequest,
  verifyResponse,
  type RequestReference,
  type VerifyFailureReason,
  type VerifyOptions,
  type VerifyResult,
} from "./authenticator";
export { decryptSalted, encryptSalted, hideUserPassword, unhideUserPassword, MAX_USER_PASSWORD_LENGTH } from "./attribute-crypto";
export { generateRequestAuthenticator, type RadiusSecret } from "./crypto";
export { formatIPv6, parseIPv6, type DecodedAttributeValue } from "./values";
