/**
 * A small JSON Schema checker, enough for app-builder-lib's scheme.json:
 * $ref into definitions, anyOf/oneOf/allOf, type, enum, properties,
 * additionalProperties and items. It returns every path that fails.
 */

type Schema = boolean | {
  $ref?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
  required?: string[];
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

export function validate(root: Schema, value: unknown): string[] {
  const definitions = (root as { definitions?: Record<string, Schema> }).definitions ?? {};

  const check = (schema: Schema, at: unknown, path: string): string[] => {
    if (schema === true) return [];
    if (schema === false) return [`${path}: not allowed`];
    if (schema.$ref) {
      const name = schema.$ref.replace('#/definitions/', '');
      const target = definitions[name];
      return target === undefined ? [`${path}: unknown $ref ${schema.$ref}`] : check(target, at, path);
    }
    const branches = schema.anyOf ?? schema.oneOf;
    if (branches && !branches.some((branch) => check(branch, at, path).length === 0)) {
      return [`${path}: matches none of ${branches.length} alternatives`];
    }
    const errors = (schema.allOf ?? []).flatMap((part) => check(part, at, path));
    const actual = typeOf(at);
    const types = schema.type === undefined ? undefined : [schema.type].flat();
    if (types && !types.some((type) => typeMatches(type, actual))) {
      return [...errors, `${path}: expected ${types.join(' or ')}, got ${actual}`];
    }
    if (schema.enum && !schema.enum.some((option) => option === at)) {
      errors.push(`${path}: ${JSON.stringify(at)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (actual === 'object') errors.push(...checkObject(schema, at as Record<string, unknown>, path));
    if (actual === 'array' && schema.items !== undefined) {
      (at as unknown[]).forEach((item, index) => errors.push(...check(schema.items as Schema, item, `${path}[${index}]`)));
    }
    return errors;
  };

  const checkObject = (schema: Exclude<Schema, boolean>, at: Record<string, unknown>, path: string): string[] => {
    const errors = (schema.required ?? []).filter((key) => !(key in at)).map((key) => `${path}.${key}: required`);
    for (const [key, item] of Object.entries(at)) {
      const property = schema.properties?.[key] ?? schema.additionalProperties;
      if (property !== undefined) errors.push(...check(property, item, `${path}.${key}`));
    }
    return errors;
  };

  return check(root, value, '$');
}
