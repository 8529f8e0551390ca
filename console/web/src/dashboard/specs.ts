// The component specs as the server sends them (GET /api/components): the same specs that drive lint and docs.
export type FieldSpec = {
  name: string;
  type: string;
  shape: 'scalar' | 'array' | 'map';
  required: boolean;
  advanced: boolean;
  interpolated: boolean;
  description: string;
  default?: unknown;
  options?: string[];
  example?: unknown;
  children?: FieldSpec[];
};

export type ComponentSpec = { name: string; summary: string; status: string; categories: string[]; config: FieldSpec };

export type Catalog = { inputs: ComponentSpec[]; processors: ComponentSpec[]; outputs: ComponentSpec[] };

const COMPONENT_TYPES = new Set(['input', 'output', 'processor', 'buffer', 'cache', 'rate_limit', 'metrics', 'tracer', 'scanner', 'any']);

/** Fields a generated form can show; the rest (nested components, lists of objects, advanced) are edited as YAML. */
export function formFields(spec: FieldSpec): FieldSpec[] {
  return (spec.children ?? []).filter((f) => (!f.advanced || f.required) && editable(f));
}

export function editable(f: FieldSpec): boolean {
  if (COMPONENT_TYPES.has(f.type)) return false;
  if (f.type === 'object' && f.shape !== 'scalar') return false;
  if (f.type === 'object') return formFields(f).length > 0;
  return true;
}

/** The starting value of a field: its default (so the form shows it), else nothing. */
export function initialValue(f: FieldSpec): unknown {
  if (f.type === 'object' && f.shape === 'scalar') {
    const value: Record<string, unknown> = {};
    for (const child of formFields(f)) value[child.name] = initialValue(child);
    return value;
  }
  return f.default === undefined ? undefined : structuredClone(f.default);
}
