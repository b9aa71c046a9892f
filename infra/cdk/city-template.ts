import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestedStack, type Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

/** A CloudFormation template as JSON. */
export interface TemplateJson {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }>;
  [section: string]: unknown;
}

/** One synthesized template of a city: its parent stack's or one of its nested stacks'. */
export interface StackTemplate {
  /** The stack's construct path: `Minqing-demo`, `Minqing-demo/Service-identity`. */
  readonly path: string;
  readonly template: TemplateJson;
}

/** The templates of a stack and of every stack nested in it, parent first. */
export function stackTemplates(assembly: CloudAssembly, stack: Stack): StackTemplate[] {
  const top = { path: stack.node.path, template: assembly.getStackByName(stack.stackName).template as TemplateJson };
  return [top, ...nestedStacksOf(stack).flatMap((nested) => nestedTemplates(assembly, nested))];
}

function nestedTemplates(assembly: CloudAssembly, nested: NestedStack): StackTemplate[] {
  const template = readNestedTemplate(assembly, nested);
  return [{ path: nested.node.path, template }, ...nestedStacksOf(nested).flatMap((inner) => nestedTemplates(assembly, inner))];
}

/** A nested stack's template: an asset file of the assembly, not a stack artifact of its own. */
function readNestedTemplate(assembly: CloudAssembly, nested: NestedStack): TemplateJson {
  return JSON.parse(readFileSync(join(assembly.directory, nested.templateFile), 'utf8')) as TemplateJson;
}

function nestedStacksOf(stack: Stack): NestedStack[] {
  return stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c.nestedStackParent === stack);
}

/** A template being merged: where its resources go, and what its parent passes to its parameters. */
interface MergeScope {
  readonly prefix: string;
  readonly template: TemplateJson;
  readonly parameters: Record<string, unknown>;
  readonly parent?: MergeScope;
  /** Nested stacks of this template by the logical id of their `AWS::CloudFormation::Stack`. */
  readonly children: Map<string, MergeScope>;
}

/**
 * The city as one template, as if it were still a single stack: every nested stack's resources
 * merged into the parent's under the logical id prefixed with the nested stack's id
 * (`Service-identity` → `Serviceidentity…`), with each `Ref` to a nested stack's parameter replaced
 * by the value the parent passes, and each `Outputs.X` of a nested stack by that output's value.
 * The `AWS::CloudFormation::Stack` resources themselves are left out. Tests and the routing parity
 * check read this view; CloudFormation deploys the separate templates.
 */
export function mergedTemplate(assembly: CloudAssembly, stack: Stack): TemplateJson {
  const root = mergeScope(assembly, stack, '', assembly.getStackByName(stack.stackName).template as TemplateJson, {});
  const resources: TemplateJson['Resources'] = {};
  collect(root, resources);
  const { Resources: _, ...sections } = root.template;
  return { ...(rewrite(sections, root) as Record<string, unknown>), Resources: resources };
}

function mergeScope(
  assembly: CloudAssembly,
  stack: Stack,
  prefix: string,
  template: TemplateJson,
  parameters: Record<string, unknown>,
  parent?: MergeScope,
): MergeScope {
  const scope: MergeScope = { prefix, template, parameters, children: new Map(), ...(parent ? { parent } : {}) };
  for (const nested of nestedStacksOf(stack)) {
    const resourceId = stack.getLogicalId(nested.nestedStackResource!);
    const nestedTemplate = readNestedTemplate(assembly, nested);
    const passed = (template.Resources[resourceId]?.Properties?.Parameters ?? {}) as Record<string, unknown>;
    const childPrefix = prefix + nested.node.id.replace(/[^A-Za-z0-9]/g, '');
    scope.children.set(resourceId, mergeScope(assembly, nested, childPrefix, nestedTemplate, passed, scope));
  }
  return scope;
}

function collect(scope: MergeScope, into: TemplateJson['Resources']): void {
  for (const [id, resource] of Object.entries(scope.template.Resources)) {
    if (scope.children.has(id)) continue;
    const merged = { ...resource };
    if (resource.Properties) merged.Properties = rewrite(resource.Properties, scope) as Record<string, unknown>;
    if (resource.DependsOn !== undefined) {
      merged.DependsOn = [resource.DependsOn]
        .flat()
        .filter((d) => !scope.children.has(d as string))
        .map((d) => scope.prefix + String(d));
    }
    into[scope.prefix + id] = merged;
  }
  for (const child of scope.children.values()) collect(child, into);
}

/** A value of `scope`'s template with its references expressed in the merged template's ids. */
function rewrite(value: unknown, scope: MergeScope): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, scope));
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const ref = object.Ref;
  if (typeof ref === 'string' && Object.keys(object).length === 1) {
    if (ref in scope.parameters && scope.parent) return rewrite(scope.parameters[ref], scope.parent);
    return ref in scope.template.Resources ? { Ref: scope.prefix + ref } : object;
  }
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && Object.keys(object).length === 1) {
    const [id, attribute] = getAtt as [string, string];
    const child = scope.children.get(id);
    if (child && attribute.startsWith('Outputs.')) {
      const outputs = (child.template.Outputs ?? {}) as Record<string, { Value: unknown }>;
      return rewrite(outputs[attribute.slice('Outputs.'.length)]!.Value, child);
    }
    return { 'Fn::GetAtt': [scope.prefix + id, attribute] };
  }
  return Object.fromEntries(Object.entries(object).map(([key, v]) => [key, rewrite(v, scope)]));
}
