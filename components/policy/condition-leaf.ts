// Pure rules of one condition leaf the Conditions Studio applies while it is edited: which dictionary an
// attribute reference names, the value's shape for an operator, and what survives choosing another attribute.
import type { DictionaryAttributeDefinition } from "@/lib/validation/dictionaries";
import { operatorsByDataType, operatorTakesList, type ConditionLeaf, type ConditionOperator } from "@/lib/validation/policy";

export function splitAttribute(reference: string): { dictionary: string; attribute: string } {
  const colon = reference.indexOf(":");
  return colon < 0
    ? { dictionary: "", attribute: reference }
    : { dictionary: reference.slice(0, colon), attribute: reference.slice(colon + 1) };
}

export function enumValuesOf(definition: DictionaryAttributeDefinition | undefined): string[] | undefined {
  if (!definition) return undefined;
  if (definition.allowedValues?.length) return definition.allowedValues;
  return definition.dataType === "boolean" ? ["true", "false"] : undefined;
}

/** The value in the shape the operator takes: a list for in / notIn, one string otherwise. */
export function reshapeValue(value: ConditionLeaf["value"], operator: ConditionOperator): ConditionLeaf["value"] {
  if (operatorTakesList(operator)) return Array.isArray(value) ? value : value === "" ? [] : [value];
  return Array.isArray(value) ? (value[0] ?? "") : value;
}

/**
 * The leaf after choosing another attribute: the operator stays when the new type allows it (else the
 * type's first operator), the value stays only when it still makes sense (same type, still an allowed value).
 */
export function retargetLeaf(
  leaf: ConditionLeaf,
  attribute: string,
  previous: DictionaryAttributeDefinition | undefined,
  next: DictionaryAttributeDefinition | undefined,
): ConditionLeaf {
  if (!next) return { ...leaf, attribute, value: reshapeValue("", leaf.operator) };
  const operators = operatorsByDataType[next.dataType];
  const operator = operators.includes(leaf.operator) ? leaf.operator : (operators[0] ?? leaf.operator);
  const allowed = enumValuesOf(next);
  const values = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
  const keep =
    previous?.dataType === next.dataType && values.every((value) => value !== "" && (!allowed || allowed.includes(value)));
  return { ...leaf, attribute, operator, value: reshapeValue(keep ? leaf.value : "", operator) };
}
