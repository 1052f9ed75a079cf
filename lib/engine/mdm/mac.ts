// The MAC normaliser lives in lib/validation (the policy editor needs it in the browser); the engine keeps
// importing it from here.
export { normalizeMac } from "../../validation/mac";
